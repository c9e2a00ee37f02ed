import { useNavigation } from "@remix-run/react";

/** True while this page's form is being submitted (or, with `{ includeLoading: true }`,
 *  while the next page loads too): the one way a form shows it is busy and disables its
 *  button against a second tap. */
export function useIsPending({ includeLoading = true }: { includeLoading?: boolean } = {}) {
  const navigation = useNavigation();
  return includeLoading ? navigation.state !== "idle" : navigation.state === "submitting";
}
