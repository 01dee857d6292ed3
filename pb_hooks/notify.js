// Shared by the hooks in this folder (a hook handler sees nothing declared
// outside it, so it requires this module).

function escapeHTML(s) {
    return String(s)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
}

module.exports = {
    // submitted emails every curator that record waits for review. A mail
    // failure is logged and never undoes the author's submission.
    submitted: (app, record) => {
        const curators = app.findRecordsByFilter("users", "role = 'curator' && verified = true", "email", 0, 0)
        if (curators.length === 0) {
            return
        }
        const kind = record.collection().name === "practices" ? "Практика" : "Материал"
        const title = record.getString("title")
        const link = app.settings().meta.appURL + "/app/review/" + record.collection().name + "/" + record.id
        const message = new MailerMessage({
            from: {
                address: app.settings().meta.senderAddress,
                name: app.settings().meta.senderName,
            },
            to: curators.map((u) => ({ address: u.email(), name: u.getString("name") })),
            subject: kind + " на рассмотрении: " + title,
            html: "<p>" + kind + " «" + escapeHTML(title) + "» отправлен на рассмотрение.</p>" +
                "<p><a href=\"" + escapeHTML(link) + "\">Открыть в копилке</a></p>",
            text: kind + " «" + title + "» отправлен на рассмотрение.\n" + link + "\n",
        })
        try {
            app.newMailClient().send(message)
        } catch (err) {
            app.logger().warn("notify curators: mail not sent", "error", String(err), "record", record.id)
        }
    },
}
