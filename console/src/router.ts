/** Hash routes (#/members/<id>), so the console is one page wherever it is mounted. */
import { useEffect, useState } from "react";

export function currentPath(): string[] {
  return window.location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
}

export function navigate(...segments: string[]) {
  window.location.hash = "/" + segments.map(encodeURIComponent).join("/");
}

export function href(...segments: string[]): string {
  return "#/" + segments.map(encodeURIComponent).join("/");
}

export function usePath(): string[] {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return path;
}
