<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CollaboratorDelegate</name>
    <message>
        <source>typing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CollaboratorsPanel</name>
    <message>
        <source>People on this note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only you are here. Invite someone from the Server menu, or share the note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this note (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this note</source>
        <translation>In dieser Notiz</translation>
    </message>
    <message>
        <source>Open a note to see who is on it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to Hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token (or your name on a hub without sign-in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, e.g. Team notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Address or invite link:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <source>1 change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — %1 waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Live — sending %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Reconnecting in %1 s (attempt %2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in needed — Reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync failed — Reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · last sync %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live — syncing notes, %1 of %2</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No note open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write about this note…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to discuss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Version History — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text at this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading versions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore This Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history is kept by the hub: connect to see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 — %2
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No versions yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a version to see how the note looked then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 is the same as the note now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1. Red lines are gone since, green ones were added since.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring needs a connection to the hub.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can only read this note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the current version.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HostDialog</name>
    <message>
        <source>Host Local Sync Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share the notes of “This computer” with people on your network. The server runs inside Tandem while it is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who may connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This &amp;computer only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone on the &amp;local network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With an &amp;invite (Server → Invite collaborator…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;No sign-in: anyone who can reach the port, by the name they give</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restart Hosting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start Hosting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without sign-in, anyone on your network can read and change every note here by typing a name. Only use this on a network you trust.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without sign-in, any program on this computer can read and change every note here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start hosting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encrypt connections (wss://, a certificate made by this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate fingerprint (SHA-256), in every invite link:&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host &amp;again whenever Tandem starts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <source>Invite Collaborator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their name, e.g. Ann Lee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collaborator&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Share my notes with them (they may edit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join &amp;link:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the link to them. Opening it (or “tandem LINK”) connects their Tandem to this computer as them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This hub takes anyone by name: the link has no token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link carries this computer&apos;s certificate fingerprint, so their Tandem connects only to this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search notes (Ctrl+F)</source>
        <translation>Notizen suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Note text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start writing…</source>
        <translation>Schreiben Sie los…</translation>
    </message>
    <message>
        <source>Markdown preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>That change was not kept: %1</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as &amp;Plain Text…</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” was renamed elsewhere to “%2”; your title was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save to disk (%1): your edits are kept in memory and sent when possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note was deleted or is no longer shared with you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can read this note but not change it: its owner shared it with you as a viewer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tandem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Tandem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosting on %1 — nobody else connected yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosting on %1 — 1 other person connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosting on %1 — %2 other people connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tandem — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as Plain Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Invite Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the link you were sent (tandem://…):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Tandem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tandem %1&lt;/h3&gt;&lt;p&gt;Write notes together, live, online or offline.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the note… %1 %</source>
        <translation>Notiz wird geöffnet … %1 %</translation>
    </message>
    <message>
        <source>&amp;Forget This Hub…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove “%1” from this computer? Its notes stay on the hub; the copy kept here for offline use and the login are deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 change(s) made here have not reached the hub yet and would be lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget This Hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People and &amp;Discussion</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not in this note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 match in this note: F3 selects it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least %1 matches in this note (the first %1 are highlighted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 matches in this note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>: F3 for the next, Shift+F3 for the one before.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported 1 note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 notes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One file was not imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files were not imported.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoteImport</name>
    <message>
        <source>it is a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is larger than a note can hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a text file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not UTF-8 text (save it as UTF-8 and import it again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is longer than a note can hold</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoteListDelegate</name>
    <message>
        <source>No text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People this note is shared with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User id, e.g. ann-lee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User to share with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can only read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharing needs a connection to the hub.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharing with %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 no longer has access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 may read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 may edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>another Tandem runs on this profile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusPopup</name>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsynced changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>&amp;Clear Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected after 1 failed attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected after %1 failed attempts</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the folder of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this computer&apos;s notes can be shared from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start hosting first (Server → Host local sync server…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the collaborator a name with at least one letter or digit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Workspaces</name>
    <message>
        <source>A hub address looks like ws://HOST:PORT/v1 (or wss:// for TLS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not host again on port %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
