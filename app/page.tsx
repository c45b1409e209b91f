import { redirect } from "next/navigation";

// The root sends everyone to sign-in; lib/auth decides where a signed-in user lands.
export default function Home() {
  redirect("/login");
}
