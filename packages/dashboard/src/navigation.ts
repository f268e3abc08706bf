/** Pages are hash routes (`#/attempts/12`), so the server serves one file and the API keeps its paths. */
export function navigate(path: string): void {
  window.location.hash = `#/${path}`;
}
