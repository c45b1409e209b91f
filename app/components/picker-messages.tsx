// The search pickers' words (the "picker" namespace), sent to the browser only where a page shows
// a picker: a list's filter or a form's choice that has outgrown its select. A page that always
// shows a select sends nothing more: the page either wraps only the picker, or passes `when` where
// the picker sits deep inside what it wraps (a form built elsewhere).
import { ClientMessages } from "./client-messages";

export function PickerMessages({ when = true, children }: { when?: boolean; children: React.ReactNode }) {
  return when ? <ClientMessages namespaces={["picker"]}>{children}</ClientMessages> : children;
}
