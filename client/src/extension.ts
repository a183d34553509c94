// Placeholder until the client lands: the extension host entry point.
export function activate(): void {}
export function deactivate(): void {}
