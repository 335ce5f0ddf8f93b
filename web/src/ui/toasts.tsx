import { useMediaQuery } from "@mantine/hooks";
import { Notifications } from "@mantine/notifications";

/**
 * Where toasts appear: never over a form. On a wide screen bottom left, over the navigation (240 px wide); on a
 * phone, where the navigation is folded away, over the header at the top. `app-layout.tsx` clears them when the
 * page changes.
 */
export function Toasts() {
  const wide = useMediaQuery("(min-width: 48em)") ?? true;
  return wide ? (
    <Notifications position="bottom-left" autoClose={4000} limit={3} containerWidth={220} />
  ) : (
    <Notifications position="top-center" autoClose={4000} limit={1} containerWidth={360} />
  );
}
