/// <reference path="../pb_data/types.d.ts" />

// Tells the municipal service's curators by email that a material or a
// practice waits for review. Edit the wording in notify.js; which event
// sends it is decided here.

onRecordAfterCreateSuccess((e) => {
    if (e.record.getString("status") === "submitted") {
        require(`${__hooks}/notify.js`).submitted(e.app, e.record)
    }
    e.next()
}, "materials", "practices")

onRecordAfterUpdateSuccess((e) => {
    const before = e.record.original().getString("status")
    if (e.record.getString("status") === "submitted" && before !== "submitted") {
        require(`${__hooks}/notify.js`).submitted(e.app, e.record)
    }
    e.next()
}, "materials", "practices")
