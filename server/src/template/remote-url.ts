/** Whether a template location is a URL with a scheme (https://, s3://): such a template is never fetched. */
export function isRemoteUrl(url: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url);
}
