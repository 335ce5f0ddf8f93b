import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client.ts";

/**
 * The one data layer of the UI (TanStack Query): reads are cached by key and refetched when the window gets the
 * focus back; a 4xx is an answer, not a hiccup, so only network failures and 5xx are retried (once).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      refetchOnWindowFocus: true,
      retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
    mutations: { retry: false },
  },
});
