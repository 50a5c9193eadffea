// GET|POST /api/cron/{job} – runs one scheduled job now, or with `due` every job whose period
// has come; for an outside cron service (Authorization: Bearer $CRON_SECRET). GET too, because
// hosted cron services (Vercel Cron) send GET.
import { cronRoute } from "@/lib/http/cron-route";
import { json } from "@/lib/http/respond";
import { runCronRequest } from "@/lib/scheduler/cron";

type Params = { job: string };

export const dynamic = "force-dynamic";

const runFromCron = cronRoute<Params>(async ({ params }) => json(await runCronRequest({ name: params.job })));

export const GET = runFromCron;
export const POST = runFromCron;
