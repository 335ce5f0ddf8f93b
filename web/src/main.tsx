import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/charts/styles.css";
import { createTheme, MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { whenSessionLost } from "./api/client.ts";
import { router } from "./routes.tsx";
import { signInPathFrom } from "./ui/app-layout.tsx";

const theme = createTheme({ primaryColor: "teal", defaultRadius: "md" });

// An expired session goes back to sign-in, remembering the page the user was on.
whenSessionLost(() => {
  const { pathname, search } = router.state.location;
  if (!pathname.startsWith("/sign-")) void router.navigate(signInPathFrom({ pathname, search }), { replace: true });
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Notifications position="bottom-right" />
      <RouterProvider router={router} />
    </MantineProvider>
  </StrictMode>,
);
