/**
 * Keeps a log readable through an outage: the first occurrence of an error is logged in full, and its
 * identical repeats within the interval are only counted; at the end of the interval one line says how many
 * there were (and names the first few of their request ids). An outage that lasts writes one full line and one
 * count line per interval and kind of error, however many requests fail.
 */

export interface Repeats {
  /** The key, e.g. `request failed|ECONNREFUSED|connect ECONNREFUSED 127.0.0.1:5432`. */
  key: string;
  /** How many occurrences were not logged in the interval that ended. */
  count: number;
  /** The ids of the first of them (at most `keptIds`), so each can still be found in the log. */
  ids: string[];
  intervalMs: number;
}

export interface RepeatFilter {
  /** True when this occurrence is to be logged in full; otherwise it is counted (with its id, if any). */
  admit(key: string, id?: string): boolean;
  /** Reports what is counted and not yet reported, and forgets every key (on shutdown). */
  flush(): void;
}

export interface RepeatFilterOptions {
  intervalMs?: number;
  /** How many suppressed ids a count line names (default 20). */
  keptIds?: number;
  /** Most distinct keys tracked at once; beyond that, occurrences are logged in full (default 1000). */
  maxKeys?: number;
  /** Called at the end of an interval in which repeats were counted. */
  onRepeats(repeats: Repeats): void;
}

interface Window {
  count: number;
  ids: string[];
  timer: NodeJS.Timeout;
}

/** The key of a failure: what failed, and the error's code and message (identical failures share it). */
export function failureKey(what: string, error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null | undefined;
  return `${what}: ${[e?.code, e?.message].filter((part) => part !== undefined).join(" ")}`;
}

/** A filter of repeated log lines; see the file comment. Timers are unref'd: they never keep the process alive. */
export function createRepeatFilter(options: RepeatFilterOptions): RepeatFilter {
  const intervalMs = options.intervalMs ?? 10_000;
  const keptIds = options.keptIds ?? 20;
  const maxKeys = options.maxKeys ?? 1_000;
  const windows = new Map<string, Window>();

  const report = (key: string, window: Window) => {
    if (window.count > 0) options.onRepeats({ key, count: window.count, ids: window.ids, intervalMs });
  };
  const open = (key: string): Window => {
    const timer = setTimeout(() => {
      const window = windows.get(key)!;
      report(key, window);
      // Repeats go on: keep counting for another interval. None: the next occurrence is logged in full.
      if (window.count > 0) windows.set(key, open(key));
      else windows.delete(key);
    }, intervalMs);
    timer.unref();
    return { count: 0, ids: [], timer };
  };

  return {
    admit(key, id) {
      const window = windows.get(key);
      if (window === undefined) {
        if (windows.size < maxKeys) windows.set(key, open(key));
        return true;
      }
      window.count++;
      if (id !== undefined && window.ids.length < keptIds) window.ids.push(id);
      return false;
    },
    flush() {
      for (const [key, window] of windows) {
        clearTimeout(window.timer);
        report(key, window);
      }
      windows.clear();
    },
  };
}
