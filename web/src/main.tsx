import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/charts/styles.css";
import { createTheme, Drawer, MantineProvider, Modal } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { whenSessionLost } from "./api/client.ts";
import { queryClient } from "./api/query-client.ts";
import { router } from "./routes.tsx";
import { signInPathFrom } from "./ui/app-layout.tsx";
import { Toasts } from "./ui/toasts.tsx";

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
        <Toasts />
        <RouterProvider router={router} />
      </MantineProvider>
    </QueryClientProvider>
  </StrictMode>,
);
