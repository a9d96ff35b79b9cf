/**
 * The storefront's only static files: one stylesheet and the support chat's script. Served by
 * the Worker under a versioned path, so they may be cached for a year (the page CSP allows only
 * same-origin styles and scripts: nothing is inline).
 */
export const ASSET_VERSION = '1';

export const STYLESHEET = `
:root{--ink:#1d1d1f;--muted:#6e6e73;--line:#e5e5ea;--accent:#0b57d0;--bg:#fafafa;--ok:#137333;--bad:#b3261e;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header.top{display:flex;gap:1rem;align-items:center;justify-content:space-between;padding:.75rem 1.5rem;background:#fff;border-bottom:1px solid var(--line);flex-wrap:wrap}
header.top .brand{font-weight:700;font-size:1.2rem;color:var(--ink)}header.top nav{display:flex;gap:1rem}
form.search{display:flex;gap:.5rem}form.search input{min-width:14rem}
main{max-width:72rem;margin:0 auto;padding:1.5rem}h1{font-size:1.6rem;margin:.2rem 0 1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:.75rem;overflow:hidden;display:flex;flex-direction:column}
.card img{width:100%;aspect-ratio:1;object-fit:cover;background:#eee}.card .body{padding:.75rem;display:grid;gap:.25rem}
.card .title{color:var(--ink);font-weight:600}.price{font-weight:700}.muted{color:var(--muted);font-size:.9rem}
.categories{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:1rem}.categories a{padding:.25rem .75rem;border:1px solid var(--line);border-radius:1rem;background:#fff}
.categories a.current{background:var(--ink);color:#fff}
.product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2rem}@media (max-width:48rem){.product{grid-template-columns:1fr}}
.product img{width:100%;border-radius:.75rem;background:#eee}.gallery{display:grid;gap:.5rem}
label{display:grid;gap:.25rem;font-size:.9rem}input,select,textarea{font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:.5rem;background:#fff}
button{font:inherit;padding:.55rem 1.1rem;border:0;border-radius:.5rem;background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--ink);border:1px solid var(--line)}form.stack{display:grid;gap:.75rem;max-width:32rem}
.row{display:flex;gap:.75rem;align-items:end;flex-wrap:wrap}
table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:.6rem;border-bottom:1px solid var(--line)}td.num,th.num{text-align:right}
.notice{padding:.75rem 1rem;border-radius:.5rem;background:#fff3cd;margin-bottom:1rem}.notice.ok{background:#e6f4ea;color:var(--ok)}.notice.bad{background:#fce8e6;color:var(--bad)}
.reviews{display:grid;gap:.75rem;margin-top:2rem}.review{background:#fff;border:1px solid var(--line);border-radius:.75rem;padding:.75rem}
.reply{margin-top:.5rem;padding-left:.75rem;border-left:3px solid var(--line)}
.timeline{list-style:none;padding:0}.timeline li{padding:.25rem 0}
.chat{background:#fff;border:1px solid var(--line);border-radius:.75rem;max-width:40rem;display:grid}
.chat .log{min-height:16rem;max-height:28rem;overflow-y:auto;padding:1rem;display:grid;gap:.5rem;align-content:start}
.msg{padding:.5rem .75rem;border-radius:.75rem;max-width:80%;white-space:pre-wrap}.msg.shopper{background:#e8f0fe;justify-self:end}.msg.agent{background:#f1f3f4}
.chat form{display:flex;gap:.5rem;padding:.75rem;border-top:1px solid var(--line)}.chat form input{flex:1}
footer{color:var(--muted);text-align:center;padding:2rem;font-size:.85rem}
`;

/**
 * The support page's client: opens (or resumes) a conversation through the shopper API, then a
 * WebSocket with a ticket; every message is drawn with textContent, never as HTML.
 */
export const CHAT_SCRIPT = `(() => {
  const root = document.getElementById('chat');
  if (!root) return;
  const log = root.querySelector('.log'), status = document.getElementById('chat-status');
  const start = document.getElementById('chat-start'), send = document.getElementById('chat-send');
  let socket = null, retries = 0, id = localStorage.getItem('conversationId');
  const say = (text) => { status.textContent = text; };
  const draw = (m) => {
    if (log.querySelector('[data-id="' + m.id + '"]')) return;
    const div = document.createElement('div');
    div.className = 'msg ' + m.author; div.dataset.id = m.id;
    const who = document.createElement('div'); who.className = 'muted'; who.textContent = m.authorName;
    const body = document.createElement('div'); body.textContent = m.body;
    div.append(who, body); log.append(div); log.scrollTop = log.scrollHeight;
  };
  async function connect() {
    const res = await fetch('/api/conversations/' + id + '/ticket', { method: 'POST' }).catch(() => null);
    if (res && res.status === 404) { localStorage.removeItem('conversationId'); id = null; start.hidden = false; send.hidden = true; return; }
    if (!res || !res.ok) { retries++; say('Cannot reach us right now; trying again…'); setTimeout(connect, Math.min(30000, 1000 * 2 ** retries)); return; }
    retries = 0;
    const t = await res.json();
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + t.url + '?ticket=' + encodeURIComponent(t.ticket));
    socket.onopen = () => { say('Connected: we answer as soon as we can.'); start.hidden = true; send.hidden = false; };
    socket.onmessage = (e) => {
      const event = JSON.parse(e.data);
      if (event.type === 'conversation') event.conversation.messages.forEach(draw);
      if (event.type === 'message') draw(event.message);
      if (event.type === 'status') say(event.status === 'closed' ? 'This conversation is closed; write to reopen it.' : 'Connected.');
      if (event.type === 'error') say(event.message || 'That message could not be sent.');
    };
    socket.onclose = () => { say('Disconnected; reconnecting…'); setTimeout(connect, Math.min(30000, 2000 * 2 ** retries++)); };
  }
  start.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(start));
    const body = { subject: 'Support chat', name: data.name || null, email: data.email || null, message: data.message };
    const res = await fetch('/api/conversations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) { say('Please check the form and try again.'); return; }
    const conversation = await res.json();
    id = conversation.id; localStorage.setItem('conversationId', id);
    conversation.messages.forEach(draw); connect();
  });
  send.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = send.querySelector('input');
    if (!input.value.trim() || !socket || socket.readyState !== 1) return;
    socket.send(JSON.stringify({ type: 'message', body: input.value })); input.value = '';
  });
  if (id) connect(); else { start.hidden = false; send.hidden = true; }
})();
`;
