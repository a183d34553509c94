// `/`-separated path arithmetic for the workspace analysis (pure: no file system). The front ends
// give absolute paths; a relative TemplateURL is joined to its parent's folder, as
// `aws cloudformation package` does.

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The file's base name without its template extension: `network.yaml` → `network`. */
export function stackNameOfFile(p: string): string {
  return basename(p).replace(/\.(template\.)?(ya?ml|json|template|txt)$/i, '') || basename(p);
}

/** Joins and normalizes (`.` and `..` segments folded; `..` above the root stays, to be refused by the caller). */
export function join(dir: string, rel: string): string {
  const absolute = rel.startsWith('/');
  const parts = (absolute ? rel : `${dir}/${rel}`).split('/');
  const out: string[] = [];
  for (const seg of parts) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  const lead = (absolute || dir.startsWith('/')) ? '/' : '';
  return lead + out.join('/');
}

export { isRemoteUrl } from '../../template/remote-url';
