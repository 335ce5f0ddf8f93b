import { Alert, Anchor } from "@mantine/core";
import { Link } from "react-router";

/** Shown where a page needs a current domain and none is chosen. */
export function NeedDomain() {
  return (
    <Alert color="yellow" title="No domain chosen">
      <Anchor component={Link} to="/choose-domain">
        Choose or create a domain
      </Anchor>{" "}
      to work with its clients, channels and groups.
    </Alert>
  );
}
