// The search pickers' words (the "picker" namespace), sent to the browser only where a page shows
// a picker: a list's filter or a form's choice that has outgrown its select. A page that always
// shows a select sends nothing more.
import { ClientMessages } from "./client-messages";

export function PickerMessages({ when, children }: { when: boolean; children: React.ReactNode }) {
  return when ? <ClientMessages namespaces={["picker"]}>{children}</ClientMessages> : children;
}
