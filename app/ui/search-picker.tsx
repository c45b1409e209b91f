"use client";
// A searchable picker over a server-side list (the customer, home servers, a manager's domains in
// the order form; the customer in the orders' and services' filters): a combobox that asks the
// portal as the reseller types, so it works with thousands of entries; the servers and domains
// are limited to the chosen customer until "all" is ticked (docs/order-form.md "Pickers"). The
// chosen values travel in hidden inputs named `name`, so the form posts them like any other field.
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { controlAria, HintAndErrors, inputClass } from "@/app/ui/field";

export type PickerOption = { value: string; label: string; detail?: string };
/** One page of a picker's list; `next` asks for the page after it (null on the last). */
export type PickerPage = { options: PickerOption[]; next: string | null };

export type SearchPickerProps = {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  multiple?: boolean;
  /** Chosen at the start (resubmitting an order), with their labels. */
  initial: PickerOption[];
  /** Offered first whatever the search (e.g. "automatic placement"). */
  pinned?: PickerOption[];
  /** Asks the portal: search text, whether to look beyond the customer, the customer, the page. */
  load: (
    search: string,
    all: boolean,
    customerId: string,
    signal: AbortSignal,
    after: string | null,
  ) => Promise<PickerPage>;
  customerId: string;
  /** The box that widens the search beyond the customer; none when the list has no such scope. */
  allLabel?: string;
  placeholder: string;
  /** What an empty answer says; by default, to tick the "all" box. */
  noMatch?: string;
  /** Told the chosen values whenever they change (the form follows the chosen customer). */
  onChange?: (values: string[]) => void;
  /**
   * Send "" when nothing is chosen, so the form says "none" instead of leaving the field out (a
   * change form, where emptying the list is a change).
   */
  sendEmpty?: boolean;
};

export function SearchPicker(props: SearchPickerProps) {
  const t = useTranslations("picker");
  const { id, name, multiple, load, customerId } = props;
  const listId = useId();
  const [chosen, setChosen] = useState<PickerOption[]>(props.initial);
  const single = !multiple ? chosen[0] : undefined;
  const [text, setText] = useState(single?.label ?? "");
  const [open, setOpen] = useState(false);
  const [all, setAll] = useState(false);
  const [options, setOptions] = useState<PickerOption[] | null>(null);
  // The last search or page got no list back (the session ended, the portal refused): said as such.
  const [failed, setFailed] = useState(false);
  const [next, setNext] = useState<string | null>(null);
  const asked = useRef({ query: "", all: false });
  const pinnedCount = multiple ? 0 : (props.pinned?.length ?? 0);
  // Between a key typed and its matches, the list shown is the old one: Enter waits for the new
  // one, and the arrows wait while a next page loads (they would move through a list about to grow).
  const searching = useRef(false);
  const enterWaiting = useRef(false);
  const loadingMore = useRef(false);
  const chooseRef = useRef<(o: PickerOption) => void>(() => {});
  const [active, setActive] = useState(0);
  const abort = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const search = useCallback(
    (query: string, everywhere: boolean) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      asked.current = { query, all: everywhere };
      setFailed(false);
      load(query, everywhere, customerId, controller.signal, null)
        .then((found) => {
          searching.current = false;
          setFailed(false);
          setOptions(found.options);
          setNext(found.next);
          // Typed text asks for a match: Enter takes the first one, not the pinned entry ("Any
          // customer") above the matches.
          setActive(query.trim() && found.options.length ? pinnedCount : 0);
          // Enter pressed before the matches came: it meant the first of them.
          if (enterWaiting.current) {
            enterWaiting.current = false;
            const first = query.trim() ? found.options[0] : undefined;
            if (first) chooseRef.current(first);
          }
        })
        .catch(() => {
          if (!controller.signal.aborted) {
            searching.current = false;
            enterWaiting.current = false;
            setFailed(true);
            setOptions([]);
            setNext(null);
          }
        });
    },
    [load, customerId, pinnedCount],
  );
  // The page after the shown ones, for the same search (keyset cursor from the portal).
  function more() {
    if (!next) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    loadingMore.current = true;
    setFailed(false);
    load(asked.current.query, asked.current.all, customerId, controller.signal, next)
      .then((found) => {
        loadingMore.current = false;
        setOptions((shown) => [...(shown ?? []), ...found.options]);
        setNext(found.next);
      })
      .catch(() => {
        if (!controller.signal.aborted) {
          loadingMore.current = false;
          setFailed(true);
          setNext(null);
        }
      });
  }

  // A new customer or scope means a new list (once the list was opened at all).
  const loaded = options !== null;
  const query = multiple || !single ? text : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new customer or scope reloads; typing has its own timer
  useEffect(() => {
    if (loaded) search(query, all);
  }, [customerId, all]);

  const { onChange } = props;
  useEffect(() => {
    onChange?.(chosen.map((c) => c.value));
  }, [chosen, onChange]);

  const shown = [...(props.pinned ?? []).filter(() => !multiple), ...(options ?? [])];
  const isChosen = (o: PickerOption) => chosen.some((c) => c.value === o.value);

  chooseRef.current = choose;
  function choose(o: PickerOption) {
    if (multiple) {
      setChosen((c) => (isChosen(o) ? c.filter((x) => x.value !== o.value) : [...c, o]));
      return;
    }
    setChosen([o]);
    setText(o.label);
    setOpen(false);
  }

  function onType(value: string) {
    setText(value);
    // Typing over a chosen server un-chooses it until another is picked.
    if (!multiple) setChosen([]);
    setOpen(true);
    if (timer.current) clearTimeout(timer.current);
    searching.current = true;
    timer.current = setTimeout(() => search(value, all), 250);
  }

  function onKey(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (loadingMore.current) return;
      if (!open) {
        setOpen(true);
        if (options === null) search(text, all);
        return;
      }
      // Past the last option shown, the next page is loaded and the arrow goes on into it: the
      // "more" button below the list is out of the keyboard's reach (leaving the field closes it).
      if (e.key === "ArrowDown" && next && active === shown.length - 1) {
        more();
        setActive(shown.length);
        return;
      }
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((a) => (shown.length ? (a + step + shown.length) % shown.length : 0));
    } else if (e.key === "Enter" && open) {
      e.preventDefault();
      if (searching.current) {
        enterWaiting.current = true;
        return;
      }
      const o = shown[active];
      if (o) choose(o);
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  }

  const aria = controlAria(id, props.hint, props.errors);
  const optionId = (i: number) => `${listId}-o${i}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {props.label}
      </label>
      {multiple && chosen.length ? (
        <ul className="flex flex-wrap gap-1" aria-label={t("chosen", { field: props.label })}>
          {chosen.map((c) => (
            <li key={c.value} className="flex items-center gap-1 rounded bg-blue-50 px-2 py-0.5 text-sm text-blue-950">
              {c.label}
              <button
                type="button"
                className="rounded px-1 text-blue-900 hover:bg-blue-100 focus-visible:outline-2 focus-visible:outline-blue-700"
                onClick={() => choose(c)}
              >
                <span aria-hidden="true">×</span>
                <span className="sr-only">{t("remove", { item: c.label })}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {chosen.map((c) => (
        <input key={c.value} type="hidden" name={name} value={c.value} />
      ))}
      {props.sendEmpty && chosen.length === 0 ? <input type="hidden" name={name} value="" /> : null}
      <div className="relative">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && shown[active] ? optionId(active) : undefined}
          placeholder={props.placeholder}
          value={text}
          className={inputClass}
          {...aria}
          onChange={(e) => onType(e.target.value)}
          onFocus={() => {
            setOpen(true);
            if (options === null) search(multiple || !single ? text : "", all);
          }}
          onBlur={() => {
            setOpen(false);
            if (!multiple && chosen.length === 0) {
              const fallback = props.pinned?.[0];
              setText(fallback?.label ?? "");
              if (fallback) setChosen([fallback]);
            }
          }}
          onKeyDown={onKey}
        />
        <div
          id={listId}
          role="listbox"
          aria-label={props.label}
          aria-multiselectable={multiple || undefined}
          hidden={!open}
          className="absolute z-10 mt-1 max-h-64 w-full overflow-y-auto rounded-md border border-slate-300 bg-white shadow-lg"
        >
          {shown.map((o, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys (arrows, Enter)
            <div
              key={o.value || "pinned"}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={isChosen(o)}
              className={`cursor-pointer px-3 py-2 text-sm ${i === active ? "bg-blue-100" : ""} ${isChosen(o) ? "font-semibold" : ""}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(o)}
            >
              <span className="block text-slate-900">{o.label}</span>
              {o.detail ? <span className="block text-xs text-slate-700">{o.detail}</span> : null}
            </div>
          ))}
        </div>
        {/* Outside the listbox, which may hold only options; kept open while the button is pressed. */}
        {open && next ? (
          <button
            type="button"
            className="mt-1 rounded px-2 py-1 text-sm text-blue-800 underline hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-700"
            onMouseDown={(e) => e.preventDefault()}
            onClick={more}
          >
            {t("more")}
          </button>
        ) : null}
        <p className="text-sm text-slate-600" aria-live="polite">
          {!open
            ? ""
            : failed
              ? t("failed")
              : options === null
                ? t("loading")
                : shown.length === 0
                  ? (props.noMatch ?? t("noMatch"))
                  : ""}
        </p>
      </div>
      {props.allLabel ? (
        <label className="flex items-center gap-2 text-sm text-slate-900">
          <input
            type="checkbox"
            checked={all}
            onChange={(e) => setAll(e.target.checked)}
            className="h-4 w-4 accent-blue-700"
          />
          {props.allLabel}
        </label>
      ) : null}
      <HintAndErrors id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}
