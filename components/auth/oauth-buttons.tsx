export function OAuthButtons({ providers, next, action }: { providers: { github: boolean; google: boolean }; next?: string; action: (form: FormData) => Promise<void> }) {
  if (!providers.github && !providers.google) return null;
  return (
    <>
      <div className="divider">or</div>
      <div className="stack">
        {providers.github && (
          <form action={action}>
            <input type="hidden" name="provider" value="github" />
            <input type="hidden" name="next" value={next ?? "/"} />
            <button className="btn" type="submit">Continue with GitHub</button>
          </form>
        )}
        {providers.google && (
          <form action={action}>
            <input type="hidden" name="provider" value="google" />
            <input type="hidden" name="next" value={next ?? "/"} />
            <button className="btn" type="submit">Continue with Google</button>
          </form>
        )}
      </div>
    </>
  );
}
