import { useCallback, useEffect, useState } from "react";
import { messageOf } from "../api/client.ts";

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads data for a page and reloads it on demand; the latest answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `deps` is the caller's list for `load`, checked at each call site (additionalHooks in eslint.config.js)
  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    setLoading(true);
    run()
      .then(
        (value) => {
          if (current) {
            setData(value);
            setError(undefined);
          }
        },
        (e: unknown) => {
          if (current) setError(messageOf(e));
        },
      )
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [run, round]);
  return { data, error, loading, reload: () => setRound((r) => r + 1) };
}
