// The dev world's one clock: the service reads the sandbox's movable clock, as the local Graph and the workbench do.
import { movableClock } from "../../src/service/devClock";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";

const box = useReliabilitySandbox();

it("the service's clock follows the sandbox's movable clock", async () => {
  const clock = movableClock(`${box.url}/__sandbox/clock`, 0);
  const moved = new Date(Date.now() + 30 * 24 * 3600_000);
  await box.setClock(moved);
  await clock.sync();
  expect(Math.abs(clock.now().getTime() - moved.getTime())).toBeLessThan(60_000);
  await box.setClock(null);
  await clock.sync();
  expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(60_000);
});
