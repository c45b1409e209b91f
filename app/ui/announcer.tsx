"use client";
// One polite live region for the whole page, outside every form: a form's success message is
// said here. A message shown inside the form alone is lost when the same answer removes the form
// (a session signed out takes its row away; a form swapped for another), and a status element
// inserted with its text already in it is often not read at all. Cleared on navigation, so an
// old message is not found on the next page.
import { usePathname } from "next/navigation";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";

const Announce = createContext<(text: string) => void>(() => {});

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [text, setText] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const announce = useCallback((next: string) => {
    // Emptied first, so the same words said twice in a row are read twice.
    setText("");
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setText(next), 50);
  }, []);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page is what clears it
  useEffect(() => setText(""), [pathname]);
  return (
    <Announce.Provider value={announce}>
      {children}
      <p className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {text}
      </p>
    </Announce.Provider>
  );
}

/** Says `text` in the page's live region. */
export function useAnnounce(): (text: string) => void {
  return useContext(Announce);
}
