/// A municipality's own rule, as a pb_hooks script would add it: a title
/// the methodical service does not accept is refused on every door.
onRecordCreateRequest((e) => {
  if (String(e.record.get("title")).toLowerCase().includes("реферат")) {
    throw new BadRequestError("Рефераты в копилку не принимаются: опишите свой опыт.");
  }
  e.next();
}, "materials");

onRecordUpdateRequest((e) => {
  if (String(e.record.get("title")).toLowerCase().includes("реферат")) {
    throw new BadRequestError("Рефераты в копилку не принимаются: опишите свой опыт.");
  }
  e.next();
}, "materials");

onRecordsListRequest((e) => {
  // the REST API answers e.result; its items are e.records
  const kept = e.records.filter((r) => !String(r.get("title")).includes("[скрыто]"));
  e.result.totalItems -= e.records.length - kept.length;
  e.records = kept;
  e.result.items = kept;
  e.next();
}, "materials");
