// The base of every domain error whose message is written for the person at the form
// (docs/design.md#conventions). formAction() shows such a message as it is. Domain folders
// (lib/orders, …) extend it, so this folder knows no domain and stays below all of them
// (docs/maintenance.md "Folder layering").

/** An error whose message a page may show as it is: plain words, no internals. */
export abstract class UserFacingError extends Error {}
