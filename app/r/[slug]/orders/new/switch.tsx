"use client";
// An on/off setting shown as a switch: a native checkbox (so forms, labels and keyboards work as
// usual) with role="switch", drawn as a track and a knob. Ticked sends "true".
import { type InputHTMLAttributes, useState } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "role" | "value" | "checked" | "onChange">;

export function Switch({ defaultChecked, ...props }: Props) {
  const [on, setOn] = useState(Boolean(defaultChecked));
  return (
    <input
      {...props}
      type="checkbox"
      role="switch"
      aria-checked={on}
      checked={on}
      onChange={(e) => setOn(e.target.checked)}
      value="true"
      className={
        "relative h-5 w-9 shrink-0 cursor-pointer appearance-none rounded-full bg-slate-500 transition-colors " +
        "before:absolute before:left-0.5 before:top-0.5 before:h-4 before:w-4 before:rounded-full before:bg-white " +
        "before:transition-transform checked:bg-blue-700 checked:before:translate-x-4 " +
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 " +
        "disabled:cursor-not-allowed disabled:opacity-50"
      }
    />
  );
}
