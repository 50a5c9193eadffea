"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/types";

type FormAction = (prev: ActionResult | undefined, form: FormData) => Promise<ActionResult>;

export function SignUpForm({ action: action_ }: { action: FormAction }) {
  const [state, action, pending] = useActionState(action_, undefined);
  const fields = state?.ok === false ? state.fields ?? {} : {};
  // Controlled, so a refused submission keeps what was typed (React resets uncontrolled fields).
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  return (
    <form action={action} noValidate>
      {state?.ok === false && (
        <p className="form-error" role="alert">
          {state.error}
          {state.code === "conflict" && <> <a href="/sign-in">Go to sign in</a></>}
        </p>
      )}
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" type="text" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={Boolean(fields.email)} />
        {fields.email && <div className="error">{fields.email}</div>}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} aria-invalid={Boolean(fields.password)} />
        {fields.password ? <div className="error">{fields.password}</div> : <div className="hint">At least 8 characters.</div>}
      </div>
      <button className="btn primary" type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
