// What a real client sees in an .ics file: Mozilla's ical.js (Thunderbird's parser) reads
// the file named on the command line and prints JSON on stdout.
//
//   node tests/unit/icaljs_check.mjs visit.ics
//
// Times are converted to UTC through the file's own VTIMEZONEs, registered with
// ICAL.TimezoneService; a TZID that resolves to no zone is an error (exit 1), never a
// silent floating time.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function utcIso(property) {
  const time = property.getFirstValue();
  const tzid = property.getParameter("tzid");
  if (tzid && time.zone?.tzid !== tzid) {
    throw new Error(`${property.name} TZID=${tzid} resolved to zone ${time.zone?.tzid}`);
  }
  const utc = time.convertToZone(ICAL.Timezone.utcTimezone);
  return utc.toJSDate().toISOString().replace(".000Z", "Z");
}

function address(property) {
  if (!property) return null;
  const parameters = {};
  for (const name of ["cn", "role", "partstat", "rsvp", "cutype"]) {
    const value = property.getParameter(name);
    if (value !== undefined) parameters[name] = value;
  }
  return { value: property.getFirstValue(), ...parameters };
}

function describe(vevent) {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    location: event.location,
    description: event.description,
    status: vevent.getFirstPropertyValue("status"),
    start: utcIso(vevent.getFirstProperty("dtstart")),
    end: utcIso(vevent.getFirstProperty("dtend")),
    tzid: vevent.getFirstProperty("dtstart").getParameter("tzid") ?? null,
    organizer: address(vevent.getFirstProperty("organizer")),
    attendees: vevent.getAllProperties("attendee").map(address),
    properties: vevent.getAllProperties().map((p) => p.name),
  };
}

const [path] = process.argv.slice(2);
if (!path) {
  console.error("usage: node icaljs_check.mjs FILE.ics");
  process.exit(2);
}
try {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const timezones = calendar.getAllSubcomponents("vtimezone");
  for (const vtimezone of timezones) ICAL.TimezoneService.register(vtimezone);
  console.log(JSON.stringify({
    method: calendar.getFirstPropertyValue("method"),
    calname: calendar.getFirstPropertyValue("x-wr-calname"),
    timezones: timezones.map((tz) => tz.getFirstPropertyValue("tzid")),
    components: calendar.getAllSubcomponents().map((c) => c.name),
    events: calendar.getAllSubcomponents("vevent").map(describe),
  }));
} catch (error) {
  console.error(`ical.js: ${error.stack ?? error}`);
  process.exit(1);
}
