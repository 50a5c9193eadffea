import { ShareNotFound } from "@/components/sharing/share-not-found";

export default function NotFound() {
  return <ShareNotFound />;
}
