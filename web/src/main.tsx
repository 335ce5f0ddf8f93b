import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/charts/styles.css";
import { createTheme, Drawer, MantineProvider, Modal } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { whenSessionLost } from "./api/client.ts";
import { queryClient } from "./api/query-client.ts";
import { router } from "./routes.tsx";
import { signInPathFrom } from "./ui/app-layout.tsx";

const theme = createTheme({
  primaryColor: "teal",
  defaultRadius: "md",
  components: {
    // Every dialog's close button has a name a screen reader can say.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
  },
});

// An expired session goes back to sign-in, remembering the page the user was on.
whenSessionLost(() => {
  queryClient.clear();
  const { pathname, search } = router.state.location;
  if (!pathname.startsWith("/sign-")) void router.navigate(signInPathFrom({ pathname, search }, true), { replace: true });
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme}>
        {/* Bottom left, over the navigation rather than a form's buttons; app-layout.tsx clears them on navigation. */}
        <Notifications position="bottom-left" autoClose={4000} limit={3} containerWidth={220} />
        <RouterProvider router={router} />
      </MantineProvider>
    </QueryClientProvider>
  </StrictMode>,
);
