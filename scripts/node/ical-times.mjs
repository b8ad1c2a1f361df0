// Every event of .ics files as Mozilla's ical.js (Thunderbird, many web calendars) reads
// them, for the tests that compare calendar clients:
//   node scripts/node/ical-times.mjs UNTIL FILE...
// prints {FILE: [{uid, occurrences: [[startUTC, endUTC], ...]}]} as JSON, a series
// expanded up to UNTIL (an ISO date-time in UTC) or its own end. A TZID that the file
// does not define is an error: ical.js would silently read the time as floating.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [until, ...files] = process.argv.slice(2);
const limit = ICAL.Time.fromDateTimeString(until);
limit.zone = ICAL.Timezone.utcTimezone;
const utc = (time) => time.toJSDate().toISOString();
const result = {};
for (const file of files) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  result[file] = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    for (const name of ["dtstart", "dtend"]) {
      const tzid = vevent.getFirstProperty(name).getParameter("tzid");
      const zone = vevent.getFirstPropertyValue(name).zone;
      if (tzid && zone.tzid !== tzid) throw new Error(`${file}: ${event.uid}: no VTIMEZONE ${tzid}`);
    }
    const occurrences = [];
    if (event.isRecurring()) {
      const iterator = event.iterator();
      for (let next = iterator.next(); next && next.compare(limit) < 0; next = iterator.next()) {
        const details = event.getOccurrenceDetails(next);
        occurrences.push([utc(details.startDate), utc(details.endDate)]);
      }
    } else {
      occurrences.push([utc(event.startDate), utc(event.endDate)]);
    }
    return { uid: event.uid, occurrences };
  });
}
process.stdout.write(JSON.stringify(result));
