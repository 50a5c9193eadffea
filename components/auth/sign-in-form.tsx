"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/types";

type FormAction = (prev: ActionResult | undefined, form: FormData) => Promise<ActionResult>;

export function SignInForm({ next, action: action_ }: { next?: string; action: FormAction }) {
  const [state, action, pending] = useActionState(action_, undefined);
  // Controlled, so a wrong password does not also wipe the email (React resets uncontrolled fields).
  const [email, setEmail] = useState("");
  return (
    <form action={action} noValidate>
      {state?.ok === false && <p className="form-error" role="alert">{state.error}</p>}
      <input type="hidden" name="next" value={next ?? "/"} />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="btn primary" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
