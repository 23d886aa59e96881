<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChatModel</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>CollaboratorDelegate</name>
    <message>
        <source>typing…</source>
        <translation>tippt…</translation>
    </message>
</context>
<context>
    <name>CollaboratorsPanel</name>
    <message>
        <source>People on this note</source>
        <translation>Personen in dieser Notiz</translation>
    </message>
    <message>
        <source>On this note (%1)</source>
        <translation>In dieser Notiz (%1)</translation>
    </message>
    <message>
        <source>On this note</source>
        <translation>In dieser Notiz</translation>
    </message>
    <message>
        <source>Open a note to see who is on it.</source>
        <translation>Öffnen Sie eine Notiz, um zu sehen, wer darin ist.</translation>
    </message>
    <message>
        <source>Not connected: who else is on this note shows again once Tandem reconnects.</source>
        <translation>Nicht verbunden: Wer sonst in dieser Notiz ist, erscheint wieder, sobald Tandem neu verbunden ist.</translation>
    </message>
    <message>
        <source>Only you are here. To write with others, host a sync server (Server → Host Local Sync Server…).</source>
        <translation>Nur Sie sind hier. Um mit anderen zu schreiben, stellen Sie einen Sync-Server bereit (Server → Lokalen Sync-Server bereitstellen…).</translation>
    </message>
    <message>
        <source>Only you are here. Invite someone (Server → Invite Collaborator…), or share the note (Note → Share…).</source>
        <translation>Nur Sie sind hier. Laden Sie jemanden ein (Server → Mitarbeitende einladen…) oder teilen Sie die Notiz (Notiz → Teilen…).</translation>
    </message>
    <message>
        <source>Only you are here. Invite someone (Server → Invite Collaborator…).</source>
        <translation>Nur Sie sind hier. Laden Sie jemanden ein (Server → Mitarbeitende einladen…).</translation>
    </message>
    <message>
        <source>Only you are here. Share the note (Note → Share…) to write it with others.</source>
        <translation>Nur Sie sind hier. Teilen Sie die Notiz (Notiz → Teilen…), um sie mit anderen zu schreiben.</translation>
    </message>
    <message>
        <source>Only you are here.</source>
        <translation>Nur Sie sind hier.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to Hub</source>
        <translation>Mit Hub verbinden</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Hub-Adresse</translation>
    </message>
    <message>
        <source>Token (or your name on a hub without sign-in)</source>
        <translation>Token (oder Ihr Name bei einem Hub ohne Anmeldung)</translation>
    </message>
    <message>
        <source>Login token</source>
        <translation>Anmelde-Token</translation>
    </message>
    <message>
        <source>Optional, e.g. Team notes</source>
        <translation>Optional, z. B. Team-Notizen</translation>
    </message>
    <message>
        <source>Workspace name</source>
        <translation>Name des Arbeitsbereichs</translation>
    </message>
    <message>
        <source>&amp;Address or invite link:</source>
        <translation>&amp;Adresse oder Einladungslink:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>A&amp;nmeldung:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Sign In to %1</source>
        <translation>Bei %1 anmelden</translation>
    </message>
    <message>
        <source>%1
Paste a new login token, or the new invite link you were sent in place of the address.</source>
        <translation>%1
Fügen Sie ein neues Anmelde-Token ein oder statt der Adresse den neuen Einladungslink, den Sie erhalten haben.</translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <source>1 change</source>
        <translation>1 Änderung</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>%1 Änderungen</translation>
    </message>
    <message>
        <source> — %1 waiting</source>
        <translation> — %1 wartend</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Live — sending %1</source>
        <translation>Live — sende %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Reconnecting in %1 s (attempt %2 of %3)</source>
        <translation>Neue Verbindung in %1 s (Versuch %2 von %3)</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source> · last sync %1</source>
        <translation> · zuletzt synchronisiert %1</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Live — syncing notes, %1 of %2</source>
        <translation>Live — synchronisiere Notizen, %1 von %2</translation>
    </message>
    <message>
        <source> — %1 not saved on this computer</source>
        <translation> — %1 nicht auf diesem Computer gespeichert</translation>
    </message>
    <message>
        <source> — %1 waiting, %2 not saved on this computer</source>
        <translation> — %1 wartend, %2 nicht auf diesem Computer gespeichert</translation>
    </message>
    <message>
        <source> — not saved on this computer</source>
        <translation> — nicht auf diesem Computer gespeichert</translation>
    </message>
    <message>
        <source>Not saved on this computer: %1</source>
        <translation>Nicht auf diesem Computer gespeichert: %1</translation>
    </message>
    <message>
        <source>Live — hub cannot save</source>
        <translation>Live — Hub kann nicht speichern</translation>
    </message>
    <message>
        <source>Hub cannot save — retrying in %1 s</source>
        <translation>Hub kann nicht speichern — neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>1 note</source>
        <translation>1 Notiz</translation>
    </message>
    <message>
        <source>%1 notes</source>
        <translation>%1 Notizen</translation>
    </message>
    <message>
        <source>“%1” is not syncing: %2</source>
        <translation>„%1“ wird nicht synchronisiert: %2</translation>
    </message>
    <message>
        <source>Live — %1 not syncing</source>
        <translation>Live — %1 nicht synchronisiert</translation>
    </message>
    <message>
        <source>Sign-in needed</source>
        <translation>Anmeldung nötig</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>Sync fehlgeschlagen</translation>
    </message>
    <message>
        <source> — Reconnect</source>
        <translation> — Neu verbinden</translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>gestern %1</translation>
    </message>
    <message>
        <source> — Sign In</source>
        <translation> — Anmelden</translation>
    </message>
    <message>
        <source>Reconnecting in %1 s (attempt %2)</source>
        <translation>Neue Verbindung in %1 s (Versuch %2)</translation>
    </message>
</context>
<context>
    <name>CredentialStore</name>
    <message>
        <source>The system keychain cannot store your login (%1). You can log in for this session only; Tandem will not save the token to disk.</source>
        <translation>Der Schlüsselbund des Systems kann Ihre Anmeldung nicht speichern (%1). Sie können sich nur für diese Sitzung anmelden; Tandem speichert das Token nicht auf der Festplatte.</translation>
    </message>
    <message>
        <source>error %1</source>
        <translation>Fehler %1</translation>
    </message>
</context>
<context>
    <name>DiscussionPanel</name>
    <message>
        <source>Discussion</source>
        <translation>Diskussion</translation>
    </message>
    <message>
        <source>Discussion of this note</source>
        <translation>Diskussion zu dieser Notiz</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <source>No note open</source>
        <translation>Keine Notiz geöffnet</translation>
    </message>
    <message>
        <source>Connect to discuss</source>
        <translation>Zum Mitreden verbinden</translation>
    </message>
    <message>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
    <message>
        <source>Open a note to see its discussion.</source>
        <translation>Öffnen Sie eine Notiz, um ihre Diskussion zu sehen.</translation>
    </message>
    <message>
        <source>No messages yet. What you write here, everyone on this note sees.</source>
        <translation>Noch keine Nachrichten. Was Sie hier schreiben, sehen alle in dieser Notiz.</translation>
    </message>
    <message>
        <source>The discussion is kept by the hub: connect to see it.</source>
        <translation>Die Diskussion liegt auf dem Hub: Verbinden Sie sich, um sie zu sehen.</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Version History — %1</source>
        <translation>Versionsverlauf — %1</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Text at this version</source>
        <translation>Text in dieser Version</translation>
    </message>
    <message>
        <source>Loading versions…</source>
        <translation>Versionen werden geladen…</translation>
    </message>
    <message>
        <source>&amp;Restore This Version</source>
        <translation>Diese Version &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>The history is kept by the hub: connect to see it.</source>
        <translation>Der Verlauf liegt auf dem Hub: Verbinden Sie sich, um ihn zu sehen.</translation>
    </message>
    <message>
        <source>Version %1 — %2
%3</source>
        <translation>Version %1 — %2
%3</translation>
    </message>
    <message>
        <source>No versions yet.</source>
        <translation>Noch keine Versionen.</translation>
    </message>
    <message>
        <source>Pick a version to see how the note looked then.</source>
        <translation>Wählen Sie eine Version, um zu sehen, wie die Notiz damals aussah.</translation>
    </message>
    <message>
        <source>Version %1 is the same as the note now.</source>
        <translation>Version %1 stimmt mit der jetzigen Notiz überein.</translation>
    </message>
    <message>
        <source>Version %1. Red lines are gone since, green ones were added since.</source>
        <translation>Version %1. Rote Zeilen sind seitdem entfallen, grüne seitdem hinzugekommen.</translation>
    </message>
    <message>
        <source>Restoring needs a connection to the hub.</source>
        <translation>Zum Wiederherstellen ist eine Verbindung zum Hub nötig.</translation>
    </message>
    <message>
        <source>You can only read this note.</source>
        <translation>Sie können diese Notiz nur lesen.</translation>
    </message>
    <message>
        <source>This is the current version.</source>
        <translation>Dies ist die aktuelle Version.</translation>
    </message>
    <message numerus="yes">
        <source> · %n edits</source>
        <translation>
            <numerusform> · %n Änderung</numerusform>
            <numerusform> · %n Änderungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Show older versions…</source>
        <translation>Ältere Versionen zeigen…</translation>
    </message>
    <message>
        <source>Asks the hub for the versions before these.</source>
        <translation>Fragt den Hub nach den Versionen vor diesen.</translation>
    </message>
    <message>
        <source>Loading older versions…</source>
        <translation>Ältere Versionen werden geladen…</translation>
    </message>
    <message numerus="yes">
        <source>began by deleting %n characters</source>
        <translation>
            <numerusform>begann mit dem Löschen von %n Zeichen</numerusform>
            <numerusform>begann mit dem Löschen von %n Zeichen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>deleted %n characters</source>
        <translation>
            <numerusform>%n Zeichen gelöscht</numerusform>
            <numerusform>%n Zeichen gelöscht</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HostDialog</name>
    <message>
        <source>Host Local Sync Server</source>
        <translation>Lokalen Sync-Server bereitstellen</translation>
    </message>
    <message>
        <source>Share the notes of “This computer” with people on your network. The server runs inside Tandem while it is open.</source>
        <translation>Teilen Sie die Notizen von „Dieser Computer“ mit Personen in Ihrem Netzwerk. Der Server läuft in Tandem, solange es geöffnet ist.</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>Who may connect</source>
        <translation>Wer sich verbinden darf</translation>
    </message>
    <message>
        <source>This &amp;computer only</source>
        <translation>Nur dieser &amp;Computer</translation>
    </message>
    <message>
        <source>Anyone on the &amp;local network</source>
        <translation>Alle im &amp;lokalen Netzwerk</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugang</translation>
    </message>
    <message>
        <source>With an &amp;invite (Server → Invite Collaborator…)</source>
        <translation>Mit &amp;Einladung (Server → Mitarbeitende einladen…)</translation>
    </message>
    <message>
        <source>&amp;No sign-in: anyone who can reach the port, by the name they give</source>
        <translation>&amp;Ohne Anmeldung: alle, die den Port erreichen, unter dem Namen, den sie angeben</translation>
    </message>
    <message>
        <source>&amp;Restart Hosting</source>
        <translation>Bereitstellung neu &amp;starten</translation>
    </message>
    <message>
        <source>&amp;Start Hosting</source>
        <translation>Bereitstellung &amp;starten</translation>
    </message>
    <message>
        <source>Without sign-in, anyone on your network can read and change every note here by typing a name. Only use this on a network you trust.</source>
        <translation>Ohne Anmeldung kann jede Person in Ihrem Netzwerk jede Notiz hier lesen und ändern, indem sie einen Namen eingibt. Nutzen Sie das nur in einem Netzwerk, dem Sie vertrauen.</translation>
    </message>
    <message>
        <source>Without sign-in, any program on this computer can read and change every note here.</source>
        <translation>Ohne Anmeldung kann jedes Programm auf diesem Computer jede Notiz hier lesen und ändern.</translation>
    </message>
    <message>
        <source>Could not start hosting: %1</source>
        <translation>Bereitstellung konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>&amp;Encrypt connections (wss://, a certificate made by this computer)</source>
        <translation>Verbindungen ve&amp;rschlüsseln (wss://, mit einem Zertifikat dieses Computers)</translation>
    </message>
    <message>
        <source>Certificate fingerprint (SHA-256), in every invite link:&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;</source>
        <translation>Fingerabdruck des Zertifikats (SHA-256), in jedem Einladungslink:&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>Host &amp;again whenever Tandem starts</source>
        <translation>Bei jedem Start von Tandem &amp;wieder bereitstellen</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <source>Invite Collaborator</source>
        <translation>Mitarbeitende einladen</translation>
    </message>
    <message>
        <source>Their name, e.g. Ann Lee</source>
        <translation>Name der Person, z. B. Ann Lee</translation>
    </message>
    <message>
        <source>Collaborator&apos;s name</source>
        <translation>Name der eingeladenen Person</translation>
    </message>
    <message>
        <source>&amp;Create Link</source>
        <translation>Link &amp;erstellen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Join link</source>
        <translation>Beitrittslink</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Join &amp;link:</source>
        <translation>Beitritts&amp;link:</translation>
    </message>
    <message>
        <source>Send the link to them. Opening it (or “tandem LINK”) connects their Tandem to this computer as them.</source>
        <translation>Schicken Sie der Person den Link. Öffnet sie ihn (oder „tandem LINK“), verbindet sich ihr Tandem in ihrem Namen mit diesem Computer.</translation>
    </message>
    <message>
        <source>This hub takes anyone by name: the link has no token.</source>
        <translation>Dieser Hub lässt alle unter ihrem Namen herein: Der Link enthält kein Token.</translation>
    </message>
    <message>
        <source>The link carries this computer&apos;s certificate fingerprint, so their Tandem connects only to this computer.</source>
        <translation>Der Link enthält den Fingerabdruck des Zertifikats dieses Computers, daher verbindet sich das Tandem der Person nur mit diesem Computer.</translation>
    </message>
    <message>
        <source>&amp;Share my notes with them, new ones too (they may edit)</source>
        <translation>Meine Notizen mit der Person &amp;teilen, auch neue (sie darf bearbeiten)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Search notes (Ctrl+F)</source>
        <translation>Notizen suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search notes</source>
        <translation>Notizen suchen</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>Neue Notiz</translation>
    </message>
    <message>
        <source>Select a note, or create one with Ctrl+N.</source>
        <translation>Wählen Sie eine Notiz oder legen Sie mit Strg+N eine an.</translation>
    </message>
    <message>
        <source>Note title</source>
        <translation>Titel der Notiz</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Note text</source>
        <translation>Text der Notiz</translation>
    </message>
    <message>
        <source>Start writing…</source>
        <translation>Schreiben Sie los…</translation>
    </message>
    <message>
        <source>Markdown preview</source>
        <translation>Markdown-Vorschau</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>That change was not kept: %1</source>
        <translation>Diese Änderung wurde nicht übernommen: %1</translation>
    </message>
    <message>
        <source>&amp;New Note</source>
        <translation>&amp;Neue Notiz</translation>
    </message>
    <message>
        <source>&amp;Delete Note</source>
        <translation>Notiz &amp;löschen</translation>
    </message>
    <message>
        <source>Export as &amp;Markdown…</source>
        <translation>Als &amp;Markdown exportieren…</translation>
    </message>
    <message>
        <source>Export as &amp;Plain Text…</source>
        <translation>Als &amp;reinen Text exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Find Notes</source>
        <translation>Notizen &amp;suchen</translation>
    </message>
    <message>
        <source>Markdown &amp;Preview</source>
        <translation>Markdown-&amp;Vorschau</translation>
    </message>
    <message>
        <source>Version &amp;History…</source>
        <translation>&amp;Versionsverlauf…</translation>
    </message>
    <message>
        <source>&amp;Share…</source>
        <translation>&amp;Teilen…</translation>
    </message>
    <message>
        <source>&amp;Connect to Hub…</source>
        <translation>Mit Hub &amp;verbinden…</translation>
    </message>
    <message>
        <source>Open Invite &amp;Link…</source>
        <translation>Einladungs&amp;link öffnen…</translation>
    </message>
    <message>
        <source>&amp;Host Local Sync Server…</source>
        <translation>Lokalen Sync-Server &amp;bereitstellen…</translation>
    </message>
    <message>
        <source>&amp;Invite Collaborator…</source>
        <translation>&amp;Mitarbeitende einladen…</translation>
    </message>
    <message>
        <source>S&amp;top Hosting</source>
        <translation>Bereitstellung b&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>Connection &amp;Details…</source>
        <translation>Verbindungs&amp;details…</translation>
    </message>
    <message>
        <source>&amp;About Tandem</source>
        <translation>Ü&amp;ber Tandem</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Notiz</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Your changes could not be merged (%1): they were kept as a new note.</source>
        <translation>Ihre Änderungen ließen sich nicht zusammenführen (%1): Sie wurden als neue Notiz behalten.</translation>
    </message>
    <message>
        <source>“%1” was renamed elsewhere to “%2”; your title was kept.</source>
        <translation>„%1“ wurde anderswo in „%2“ umbenannt; Ihr Titel wurde behalten.</translation>
    </message>
    <message>
        <source>Deleted “%1”</source>
        <translation>„%1“ gelöscht</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Ohne Titel</translation>
    </message>
    <message>
        <source>The note was deleted or is no longer shared with you.</source>
        <translation>Die Notiz wurde gelöscht oder wird nicht mehr mit Ihnen geteilt.</translation>
    </message>
    <message>
        <source>You can read this note but not change it: its owner shared it with you as a viewer.</source>
        <translation>Sie können diese Notiz lesen, aber nicht ändern: Die Eigentümerin oder der Eigentümer hat sie nur zum Lesen mit Ihnen geteilt.</translation>
    </message>
    <message>
        <source>Tandem</source>
        <translation>Tandem</translation>
    </message>
    <message>
        <source>%1 — Tandem</source>
        <translation>%1 — Tandem</translation>
    </message>
    <message>
        <source>Hosting on %1 — nobody else connected yet</source>
        <translation>Bereitgestellt auf %1 — noch niemand sonst verbunden</translation>
    </message>
    <message>
        <source>Hosting on %1 — 1 other person connected</source>
        <translation>Bereitgestellt auf %1 — 1 weitere Person verbunden</translation>
    </message>
    <message>
        <source>Hosting on %1 — %2 other people connected</source>
        <translation>Bereitgestellt auf %1 — %2 weitere Personen verbunden</translation>
    </message>
    <message>
        <source>Tandem — %1</source>
        <translation>Tandem — %1</translation>
    </message>
    <message>
        <source>Export as Markdown</source>
        <translation>Als Markdown exportieren</translation>
    </message>
    <message>
        <source>Export as Plain Text</source>
        <translation>Als reinen Text exportieren</translation>
    </message>
    <message>
        <source>Markdown (*.md);;All files (*)</source>
        <translation>Markdown (*.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Text (*.txt);;All files (*)</source>
        <translation>Text (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exportiert nach %1</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Open Invite Link</source>
        <translation>Einladungslink öffnen</translation>
    </message>
    <message>
        <source>Paste the link you were sent (tandem://…):</source>
        <translation>Fügen Sie den Link ein, den Sie erhalten haben (tandem://…):</translation>
    </message>
    <message>
        <source>About Tandem</source>
        <translation>Über Tandem</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tandem %1&lt;/h3&gt;&lt;p&gt;Write notes together, live, online or offline.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tandem %1&lt;/h3&gt;&lt;p&gt;Notizen gemeinsam schreiben, live, online oder offline.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Opening the note… %1 %</source>
        <translation>Notiz wird geöffnet … %1 %</translation>
    </message>
    <message>
        <source>&amp;Forget This Hub…</source>
        <translation>Diesen Hub ver&amp;gessen…</translation>
    </message>
    <message>
        <source>Remove “%1” from this computer? Its notes stay on the hub; the copy kept here for offline use and the login are deleted.</source>
        <translation>„%1“ von diesem Computer entfernen? Die Notizen bleiben auf dem Hub; die hier für die Offline-Nutzung gehaltene Kopie und die Anmeldung werden gelöscht.</translation>
    </message>
    <message>
        <source>%1 change(s) made here have not reached the hub yet and would be lost.</source>
        <translation>%1 hier gemachte Änderung(en) haben den Hub noch nicht erreicht und gingen verloren.</translation>
    </message>
    <message>
        <source>Forget This Hub</source>
        <translation>Diesen Hub vergessen</translation>
    </message>
    <message>
        <source>People and &amp;Discussion</source>
        <translation>Personen und &amp;Diskussion</translation>
    </message>
    <message>
        <source>Find &amp;Next in Note</source>
        <translation>&amp;Nächster Treffer in der Notiz</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious in Note</source>
        <translation>&amp;Vorheriger Treffer in der Notiz</translation>
    </message>
    <message>
        <source>No notes yet. New note (Ctrl+N) starts one.</source>
        <translation>Noch keine Notizen. Neue Notiz (Strg+N) legt eine an.</translation>
    </message>
    <message>
        <source>No note has “%1”.</source>
        <translation>Keine Notiz enthält „%1“.</translation>
    </message>
    <message>
        <source>Type in the search box (Ctrl+F) what to find in the note.</source>
        <translation>Geben Sie im Suchfeld (Strg+F) ein, was Sie in der Notiz finden möchten.</translation>
    </message>
    <message>
        <source>“%1” is not in this note.</source>
        <translation>„%1“ kommt in dieser Notiz nicht vor.</translation>
    </message>
    <message>
        <source>1 match in this note: F3 selects it.</source>
        <translation>1 Treffer in dieser Notiz: F3 wählt ihn aus.</translation>
    </message>
    <message>
        <source>At least %1 matches in this note (the first %1 are highlighted)</source>
        <translation>Mindestens %1 Treffer in dieser Notiz (die ersten %1 sind hervorgehoben)</translation>
    </message>
    <message>
        <source>%1 matches in this note</source>
        <translation>%1 Treffer in dieser Notiz</translation>
    </message>
    <message>
        <source>: F3 for the next, Shift+F3 for the one before.</source>
        <translation>: F3 für den nächsten, Umschalt+F3 für den vorigen.</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <source>Text size %1 %</source>
        <translation>Textgröße %1 %</translation>
    </message>
    <message>
        <source>&amp;Import Notes…</source>
        <translation>Notizen &amp;importieren…</translation>
    </message>
    <message>
        <source>Import Notes</source>
        <translation>Notizen importieren</translation>
    </message>
    <message>
        <source>Text and Markdown (*.txt *.md *.markdown *.text);;All files (*)</source>
        <translation>Text und Markdown (*.txt *.md *.markdown *.text);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Imported 1 note.</source>
        <translation>1 Notiz importiert.</translation>
    </message>
    <message>
        <source>Imported %1 notes.</source>
        <translation>%1 Notizen importiert.</translation>
    </message>
    <message>
        <source>One file was not imported.</source>
        <translation>Eine Datei wurde nicht importiert.</translation>
    </message>
    <message>
        <source>%1 files were not imported.</source>
        <translation>%1 Dateien wurden nicht importiert.</translation>
    </message>
    <message>
        <source>Re&amp;voke Invitations…</source>
        <translation>Einladungen &amp;widerrufen…</translation>
    </message>
    <message>
        <source>Cannot save on this computer: %1.</source>
        <translation>Speichern auf diesem Computer nicht möglich: %1.</translation>
    </message>
    <message>
        <source>Saved on this computer again.</source>
        <translation>Wieder auf diesem Computer gespeichert.</translation>
    </message>
    <message>
        <source>New Note</source>
        <translation>Neue Notiz</translation>
    </message>
    <message>
        <source>The note could not be made: this computer&apos;s disk refused to save it (%1).</source>
        <translation>Die Notiz konnte nicht angelegt werden: Der Datenträger dieses Computers hat das Speichern verweigert (%1).</translation>
    </message>
    <message>
        <source>%1: not saved on this computer (%2)</source>
        <translation>%1: nicht auf diesem Computer gespeichert (%2)</translation>
    </message>
    <message>
        <source>Quit Tandem</source>
        <translation>Tandem beenden</translation>
    </message>
    <message>
        <source>1 change is not saved anywhere yet.</source>
        <translation>1 Änderung ist noch nirgends gespeichert.</translation>
    </message>
    <message>
        <source>%1 changes are not saved anywhere yet.</source>
        <translation>%1 Änderungen sind noch nirgends gespeichert.</translation>
    </message>
    <message>
        <source>Tandem cannot write to this computer&apos;s disk (%1) and the hub has not received them. Free some disk space or get back online while Tandem stays open, and they are kept; File → Export saves the open note elsewhere.</source>
        <translation>Tandem kann nicht auf den Datenträger dieses Computers schreiben (%1), und der Hub hat sie noch nicht erhalten. Schaffen Sie Platz auf dem Datenträger oder gehen Sie wieder online, solange Tandem geöffnet bleibt, dann bleiben sie erhalten; Datei → Exportieren speichert die offene Notiz anderswo.</translation>
    </message>
    <message>
        <source>&amp;Keep Tandem Open</source>
        <translation>Tandem &amp;geöffnet lassen</translation>
    </message>
    <message>
        <source>&amp;Quit and Lose Them</source>
        <translation>&amp;Beenden und verwerfen</translation>
    </message>
    <message>
        <source>%1: kept as %2</source>
        <translation>%1: aufbewahrt als %2</translation>
    </message>
    <message>
        <source>Offline Copy Damaged</source>
        <translation>Offline-Kopie beschädigt</translation>
    </message>
    <message>
        <source>The copy of your notes kept on this computer was damaged, so Tandem set it aside and fetches the notes from the hub again.</source>
        <translation>Die auf diesem Computer gespeicherte Kopie Ihrer Notizen war beschädigt; Tandem hat sie beiseitegelegt und holt die Notizen erneut vom Hub.</translation>
    </message>
    <message>
        <source>Changes made on this computer and not yet sent could not be read from it; the damaged file is kept as it was.</source>
        <translation>Änderungen, die auf diesem Computer gemacht und noch nicht gesendet wurden, konnten daraus nicht gelesen werden; die beschädigte Datei bleibt unverändert erhalten.</translation>
    </message>
    <message>
        <source>Not syncing: %1. Your copy here is kept, with every change you make to it; they are sent once the hub has the note again.</source>
        <translation>Keine Synchronisierung: %1. Ihre Kopie hier bleibt erhalten, mit jeder Änderung, die Sie daran vornehmen; die Änderungen werden gesendet, sobald der Hub die Notiz wieder hat.</translation>
    </message>
    <message>
        <source>Version %1 restored.</source>
        <translation>Version %1 wiederhergestellt.</translation>
    </message>
    <message>
        <source>%1 restored version %2 of this note: History (Ctrl+H) has the text before.</source>
        <translation>%1 hat Version %2 dieser Notiz wiederhergestellt: Der Text davor steht im Verlauf (Strg+H).</translation>
    </message>
    <message>
        <source>1 other person syncs through this computer.</source>
        <translation>1 weitere Person synchronisiert über diesen Computer.</translation>
    </message>
    <message>
        <source>%1 other people sync through this computer.</source>
        <translation>%1 weitere Personen synchronisieren über diesen Computer.</translation>
    </message>
    <message>
        <source>Once Tandem quits, the notes you host are out of their reach: they keep working on their copies, and their changes arrive when you host again.</source>
        <translation>Sobald Tandem beendet ist, erreichen sie die Notizen, die Sie bereitstellen, nicht mehr: Sie arbeiten an ihren Kopien weiter, und ihre Änderungen kommen an, wenn Sie wieder bereitstellen.</translation>
    </message>
    <message>
        <source>Login Not Saved</source>
        <translation>Anmeldung nicht gespeichert</translation>
    </message>
    <message>
        <source>Tandem could not keep your login for “%1” in the system keychain.</source>
        <translation>Tandem konnte Ihre Anmeldung für „%1“ nicht im Schlüsselbund des Systems ablegen.</translation>
    </message>
    <message>
        <source>The keychain said: %1

You stay signed in until Tandem quits. After that, signing in to this hub needs your invite link or token again, so keep it. If the keychain was locked, or its prompt was cancelled, unlock it and choose Try Again.</source>
        <translation>Der Schlüsselbund meldete: %1

Sie bleiben angemeldet, bis Tandem beendet wird. Danach brauchen Sie für die Anmeldung an diesem Hub wieder Ihren Einladungslink oder Ihr Token, heben Sie also beides gut auf. War der Schlüsselbund gesperrt oder wurde seine Abfrage abgebrochen, entsperren Sie ihn und wählen Sie „Erneut versuchen“.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>ohne Angabe eines Grundes</translation>
    </message>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;OK</translation>
    </message>
    <message>
        <source>&amp;Try Again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Stop Hosting</source>
        <translation>Bereitstellung beenden</translation>
    </message>
    <message>
        <source>Once hosting stops, the notes you host are out of their reach: they keep working on their copies, and their changes arrive when you host again.</source>
        <translation>Sobald die Bereitstellung endet, erreichen sie die Notizen, die Sie bereitstellen, nicht mehr: Sie arbeiten an ihren Kopien weiter, und ihre Änderungen kommen an, wenn Sie wieder bereitstellen.</translation>
    </message>
    <message>
        <source>&amp;Keep Hosting</source>
        <translation>&amp;Weiter bereitstellen</translation>
    </message>
    <message>
        <source>&amp;Stop Hosting</source>
        <translation>Bereitstellung &amp;beenden</translation>
    </message>
    <message>
        <source>&amp;Your Name…</source>
        <translation>&amp;Ihr Name…</translation>
    </message>
    <message>
        <source>Your Name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>How the others see you on the notes this computer hosts: beside your cursor, among the people on a note, in the discussion and the history, and in the invites you send. On hubs someone else hosts, you have the name they gave you.</source>
        <translation>So sehen die anderen Sie in den Notizen, die dieser Computer bereitstellt: neben Ihrem Cursor, bei den Personen einer Notiz, in der Diskussion und im Verlauf, und in den Einladungen, die Sie senden. Auf Hubs, die jemand anderes bereitstellt, tragen Sie den Namen, den man Ihnen dort gegeben hat.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>Others now see you as %1.</source>
        <translation>Die anderen sehen Sie jetzt als %1.</translation>
    </message>
    <message>
        <source>The note is gone (%1): your changes to it are kept in this copy, “%2”.</source>
        <translation>Die Notiz ist weg (%1): Ihre Änderungen daran sind in dieser Kopie erhalten, „%2“.</translation>
    </message>
    <message>
        <source>“%1” is gone: %2.</source>
        <translation>„%1“ ist weg: %2.</translation>
    </message>
</context>
<context>
    <name>NoteImport</name>
    <message>
        <source>it is a folder</source>
        <translation>es ist ein Ordner</translation>
    </message>
    <message>
        <source>it is larger than a note can hold</source>
        <translation>sie ist größer, als eine Notiz fassen kann</translation>
    </message>
    <message>
        <source>it is not a text file</source>
        <translation>sie ist keine Textdatei</translation>
    </message>
    <message>
        <source>it is not UTF-8 text (save it as UTF-8 and import it again)</source>
        <translation>sie ist kein UTF-8-Text (speichern Sie sie als UTF-8 und importieren Sie sie erneut)</translation>
    </message>
    <message>
        <source>it is longer than a note can hold</source>
        <translation>sie ist länger, als eine Notiz fassen kann</translation>
    </message>
</context>
<context>
    <name>NoteListDelegate</name>
    <message>
        <source>No text</source>
        <translation>Kein Text</translation>
    </message>
</context>
<context>
    <name>NoteListModel</name>
    <message>
        <source>Untitled</source>
        <translation>Ohne Titel</translation>
    </message>
    <message>
        <source>%1 — changes not yet synced</source>
        <translation>%1 — Änderungen noch nicht synchronisiert</translation>
    </message>
</context>
<context>
    <name>NoteSession</name>
    <message>
        <source>you can read this note but not edit it</source>
        <translation>Sie können diese Notiz lesen, aber nicht bearbeiten</translation>
    </message>
    <message>
        <source>the note would hold %1 characters; a note holds at most %2</source>
        <translation>die Notiz hätte %1 Zeichen; eine Notiz fasst höchstens %2</translation>
    </message>
    <message>
        <source>the hub sent a new copy of the note</source>
        <translation>der Hub hat eine neue Kopie der Notiz geschickt</translation>
    </message>
    <message>
        <source>its unsent edits could not be read back from the cache</source>
        <translation>ihre nicht gesendeten Änderungen konnten nicht aus dem lokalen Speicher gelesen werden</translation>
    </message>
    <message>
        <source>the hub went back from version %1 of the note to %2</source>
        <translation>der Hub ist von Version %1 der Notiz auf Version %2 zurückgegangen</translation>
    </message>
</context>
<context>
    <name>PresenceModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 tippt…</translation>
    </message>
    <message>
        <source>%1 and %2 are typing…</source>
        <translation>%1 und %2 tippen…</translation>
    </message>
    <message numerus="yes">
        <source>%n people are typing…</source>
        <translation>
            <numerusform>%n Person tippt…</numerusform>
            <numerusform>%n Personen tippen…</numerusform>
        </translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>away</source>
        <translation>abwesend</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>beschäftigt</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Revoke Invitations</source>
        <translation>Einladungen widerrufen</translation>
    </message>
    <message>
        <source>&amp;People invited to this hub:</source>
        <translation>&amp;Personen, die zu diesem Hub eingeladen sind:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 — connected</source>
        <translation>%1 — verbunden</translation>
    </message>
    <message>
        <source>Nobody has been invited yet (Server → Invite Collaborator…).</source>
        <translation>Noch niemand ist eingeladen (Server → Mitarbeitende einladen…).</translation>
    </message>
    <message>
        <source>&amp;Revoke Access</source>
        <translation>Zugang &amp;widerrufen</translation>
    </message>
    <message>
        <source>%1 — access revoked</source>
        <translation>%1 — Zugang widerrufen</translation>
    </message>
    <message>
        <source>%1 can no longer connect. A new invite lets them in again.</source>
        <translation>%1 kann sich nicht mehr verbinden. Eine neue Einladung lässt die Person wieder herein.</translation>
    </message>
    <message>
        <source>Revoking disconnects them now, their invite link stops working and your new notes are no longer shared with them. What they wrote stays; a new invite lets them in again.</source>
        <translation>Widerrufen trennt die Person sofort, ihr Einladungslink funktioniert nicht mehr und Ihre neuen Notizen werden nicht mehr mit ihr geteilt. Was sie geschrieben hat, bleibt; eine neue Einladung lässt sie wieder herein.</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share “%1”</source>
        <translation>„%1“ teilen</translation>
    </message>
    <message>
        <source>People this note is shared with</source>
        <translation>Personen, mit denen diese Notiz geteilt ist</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>User id, e.g. ann-lee</source>
        <translation>Benutzer-ID, z. B. ann-lee</translation>
    </message>
    <message>
        <source>User to share with</source>
        <translation>Person, mit der geteilt wird</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Can edit</source>
        <translation>Darf bearbeiten</translation>
    </message>
    <message>
        <source>Can only read</source>
        <translation>Darf nur lesen</translation>
    </message>
    <message>
        <source>&amp;Share</source>
        <translation>&amp;Teilen</translation>
    </message>
    <message>
        <source>Sharing needs a connection to the hub.</source>
        <translation>Zum Teilen ist eine Verbindung zum Hub nötig.</translation>
    </message>
    <message>
        <source>Sharing with %1…</source>
        <translation>Wird mit %1 geteilt…</translation>
    </message>
    <message>
        <source>%1 no longer has access.</source>
        <translation>%1 hat keinen Zugriff mehr.</translation>
    </message>
    <message>
        <source>%1 may read it.</source>
        <translation>%1 darf sie lesen.</translation>
    </message>
    <message>
        <source>%1 may edit it.</source>
        <translation>%1 darf sie bearbeiten.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No one has signed in to this hub as “%1” yet.</source>
        <translation>An diesem Hub hat sich noch niemand als „%1“ angemeldet.</translation>
    </message>
    <message>
        <source>%1 — not signed in yet</source>
        <translation>%1 — noch nie angemeldet</translation>
    </message>
    <message>
        <source>They will find the note when they do; if the id is misspelled, remove it.</source>
        <translation>Sobald es jemand tut, findet er die Notiz; ist die Benutzer-ID falsch geschrieben, entfernen Sie sie.</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>another Tandem runs on this profile</source>
        <translation>ein anderes Tandem läuft mit diesem Profil</translation>
    </message>
</context>
<context>
    <name>StatusPopup</name>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Joined notes</source>
        <translation>Geöffnete Notizen</translation>
    </message>
    <message>
        <source>Unsynced changes</source>
        <translation>Nicht synchronisierte Änderungen</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Letzte Synchronisierung</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>&amp;Clear Error</source>
        <translation>Fehler &amp;löschen</translation>
    </message>
    <message>
        <source>not signed in</source>
        <translation>nicht angemeldet</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>noch nicht gemessen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>connected after 1 failed attempt</source>
        <translation>verbunden nach 1 Fehlversuch</translation>
    </message>
    <message>
        <source>connected after %1 failed attempts</source>
        <translation>verbunden nach %1 Fehlversuchen</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>Auf diesem Computer</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>gespeichert</translation>
    </message>
    <message>
        <source>not saved (%1), tried again every few seconds; the hub has every change</source>
        <translation>nicht gespeichert (%1), wird alle paar Sekunden erneut versucht; der Hub hat alle Änderungen</translation>
    </message>
    <message>
        <source>not saved (%1), tried again every few seconds: %2 only in memory until the disk has room or the hub has them</source>
        <translation>nicht gespeichert (%1), wird alle paar Sekunden erneut versucht: %2 nur im Arbeitsspeicher, bis der Datenträger Platz hat oder der Hub sie hat</translation>
    </message>
    <message>
        <source>1 change</source>
        <translation>1 Änderung</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>%1 Änderungen</translation>
    </message>
    <message>
        <source>Not syncing</source>
        <translation>Nicht synchronisiert</translation>
    </message>
    <message>
        <source>&amp;Sign In…</source>
        <translation>&amp;Anmelden…</translation>
    </message>
    <message>
        <source>not retried: see the last error</source>
        <translation>nicht wiederholt: siehe „Letzter Fehler“</translation>
    </message>
    <message>
        <source>%1, tried until the hub is back</source>
        <translation>%1, versucht, bis der Hub wieder da ist</translation>
    </message>
    <message>
        <source>%1 ms when last connected</source>
        <translation>%1 ms bei der letzten Verbindung</translation>
    </message>
</context>
<context>
    <name>SyncClient</name>
    <message>
        <source>a message was too large for the hub or for this client (%1)%2</source>
        <translation>eine Nachricht war zu groß für den Hub oder für diesen Client (%1)%2</translation>
    </message>
    <message>
        <source>connection closed (%1)</source>
        <translation>Verbindung geschlossen (%1)</translation>
    </message>
    <message>
        <source>connection closed (%1): %2</source>
        <translation>Verbindung geschlossen (%1): %2</translation>
    </message>
    <message>
        <source>The hub&apos;s certificate has changed, so Tandem did not connect: someone may be impersonating it. Trusted fingerprint %1, presented %2. If the host made a new certificate, join again with a new invite link from them.</source>
        <translation>Das Zertifikat des Hubs hat sich geändert, daher hat Tandem keine Verbindung aufgebaut: Jemand könnte sich als dieser Hub ausgeben. Vertrauter Fingerabdruck %1, vorgelegt %2. Hat der Host ein neues Zertifikat erstellt, treten Sie mit einem neuen Einladungslink von ihm erneut bei.</translation>
    </message>
    <message>
        <source>Could not reach the hub after %1 attempts: %2</source>
        <translation>Hub nach %1 Versuchen nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>no answer from the hub for %1 ms</source>
        <translation>seit %1 ms keine Antwort vom Hub</translation>
    </message>
    <message>
        <source>the owner stopped sharing the note</source>
        <translation>die Eigentümerin oder der Eigentümer teilt die Notiz nicht mehr</translation>
    </message>
    <message>
        <source>the note was deleted by %1</source>
        <translation>die Notiz wurde von %1 gelöscht</translation>
    </message>
    <message>
        <source>This computer holds changes of %1 not yet sent; log in as %1 to send them</source>
        <translation>Dieser Computer enthält noch nicht gesendete Änderungen von %1; melden Sie sich als %1 an, um sie zu senden</translation>
    </message>
    <message>
        <source>the note was deleted or unshared while you were away</source>
        <translation>die Notiz wurde während Ihrer Abwesenheit gelöscht oder nicht mehr geteilt</translation>
    </message>
    <message>
        <source>the note was deleted, or you no longer have access to it</source>
        <translation>die Notiz wurde gelöscht, oder Sie haben keinen Zugriff mehr darauf</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Ohne Titel</translation>
    </message>
    <message>
        <source>%1 (conflicted copy)</source>
        <translation>%1 (Konfliktkopie)</translation>
    </message>
    <message>
        <source>Your edits to “%1” could not be merged (%2), and this computer&apos;s disk refused to keep them as a copy (%3): they are held in memory and saved as “%4” once the disk has room. Keep Tandem open until then.</source>
        <translation>Ihre Änderungen an „%1“ konnten nicht zusammengeführt werden (%2), und die Festplatte dieses Computers hat sich geweigert, sie als Kopie zu behalten (%3): sie werden im Arbeitsspeicher gehalten und als „%4“ gespeichert, sobald die Festplatte Platz hat. Lassen Sie Tandem bis dahin geöffnet.</translation>
    </message>
    <message>
        <source>The hub at %1 takes only secure connections (wss://), and this address is ws://. Join again with a new invite link from whoever runs the hub: it starts with tandems://.</source>
        <translation>Der Hub unter %1 nimmt nur sichere Verbindungen an (wss://), und diese Adresse ist ws://. Treten Sie erneut mit einem neuen Einladungslink von dem bei, der den Hub betreibt: Er beginnt mit tandems://.</translation>
    </message>
    <message>
        <source>No Tandem hub answers at %1 (HTTP 404): check the address.</source>
        <translation>Unter %1 antwortet kein Tandem-Hub (HTTP 404): Prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>The hub takes no more connections from this computer&apos;s address for now (HTTP 429).</source>
        <translation>Der Hub nimmt von der Adresse dieses Computers vorerst keine weiteren Verbindungen an (HTTP 429).</translation>
    </message>
    <message>
        <source>The hub refused the connection (HTTP %1).</source>
        <translation>Der Hub hat die Verbindung abgelehnt (HTTP %1).</translation>
    </message>
    <message>
        <source>No secure connection to the hub at %1 (%2). A hub that does not use TLS has an address that starts with ws:// and invite links that start with tandem://.</source>
        <translation>Keine sichere Verbindung zum Hub unter %1 (%2). Ein Hub ohne TLS hat eine Adresse, die mit ws:// beginnt, und Einladungslinks, die mit tandem:// beginnen.</translation>
    </message>
    <message>
        <source>This hub needs a login, and none is saved on this computer: sign in with your invite link or token.</source>
        <translation>Dieser Hub verlangt eine Anmeldung, und auf diesem Computer ist keine gespeichert: Melden Sie sich mit Ihrem Einladungslink oder Token an.</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>Could not create the folder %1</source>
        <translation>Der Ordner %1 konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>Could not create the folder of %1</source>
        <translation>Der Ordner von %1 konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>Only this computer&apos;s notes can be shared from here.</source>
        <translation>Von hier aus lassen sich nur die Notizen dieses Computers teilen.</translation>
    </message>
    <message>
        <source>Start hosting first (Server → Host local sync server…).</source>
        <translation>Starten Sie zuerst die Bereitstellung (Server → Lokalen Sync-Server bereitstellen…).</translation>
    </message>
    <message>
        <source>Give the collaborator a name with at least one letter or digit.</source>
        <translation>Geben Sie der eingeladenen Person einen Namen mit mindestens einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <source>Only a hub hosted with invites has invites to revoke.</source>
        <translation>Nur ein Hub, der mit Einladungen bereitgestellt wird, hat Einladungen zum Widerrufen.</translation>
    </message>
    <message>
        <source>You cannot revoke your own access.</source>
        <translation>Den eigenen Zugang können Sie nicht widerrufen.</translation>
    </message>
</context>
<context>
    <name>Workspaces</name>
    <message>
        <source>Could not host again on port %1: %2</source>
        <translation>Erneute Bereitstellung auf Port %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>A hub address looks like notes.example.org:8787, or ws://HOST:PORT/v1 (wss:// for TLS).</source>
        <translation>Eine Hub-Adresse sieht aus wie notizen.example.org:8787 oder ws://HOST:PORT/v1 (wss:// für TLS).</translation>
    </message>
    <message>
        <source>Could not move the notes kept for %1 to its new address %2.</source>
        <translation>Die für %1 gespeicherten Notizen konnten nicht zur neuen Adresse %2 verschoben werden.</translation>
    </message>
    <message>
        <source>A name is needed: it is how the others see you.</source>
        <translation>Ein Name ist nötig: So sehen die anderen Sie.</translation>
    </message>
    <message numerus="yes">
        <source>At most %n characters, please.</source>
        <translation>
            <numerusform>Höchstens %n Zeichen, bitte.</numerusform>
            <numerusform>Höchstens %n Zeichen, bitte.</numerusform>
        </translation>
    </message>
</context>
</TS>
