import { useEffect } from "react";

/** Sets the document title to "<page> · Patio" while the page is shown. */
export function usePageTitle(page: string | undefined): void {
  useEffect(() => {
    document.title = page ? `${page} · Patio` : "Patio";
  }, [page]);
}
