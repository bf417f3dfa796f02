/*
 * Licensed to the Apache Software Foundation (ASF) under one
 * or more contributor license agreements.  See the NOTICE file
 * distributed with this work for additional information
 * regarding copyright ownership.  The ASF licenses this file
 * to you under the Apache License, Version 2.0 (the
 * "License"); you may not use this file except in compliance
 * with the License.  You may obtain a copy of the License at
 *
 *   http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing,
 * software distributed under the License is distributed on an
 * "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
 * KIND, either express or implied.  See the License for the
 * specific language governing permissions and limitations
 * under the License.
 */

/*
 * The MailPlex console. The page holds no data: every 2 seconds it reads the /mailplex webadmin
 * routes and shows them. Everything that comes from mail (subjects, senders) is set with
 * textContent, never parsed as markup. With JWT on, the admin token is asked once and kept in this
 * tab's sessionStorage, sent as a bearer token, never put in a URL or a cookie.
 */
'use strict';

(function () {
    const API = '../mailplex';
    const TOKEN_KEY = 'mailplex.console.token';
    const PAGE_SIZE = 20;
    const REFRESH_MS = 2000;
    const SVG = 'http://www.w3.org/2000/svg';

    const offsets = new Map();
    const views = new Map();
    let timer = null;
    let waitingForToken = false;

    class Unauthorized extends Error {
    }

    function $(id) {
        return document.getElementById(id);
    }

    function element(name, text, className) {
        const node = document.createElement(name);
        if (text !== undefined && text !== null) {
            node.textContent = String(text);
        }
        if (className) {
            node.className = className;
        }
        return node;
    }

    /** A path segment: plex and operator addresses keep their @, everything else is escaped. */
    function segment(value) {
        return encodeURIComponent(value).replace(/%40/g, '@');
    }

    async function call(method, path, payload) {
        const headers = {'Accept': 'application/json'};
        const token = sessionStorage.getItem(TOKEN_KEY);
        if (token) {
            headers['Authorization'] = 'Bearer ' + token;
        }
        const request = {method: method, headers: headers, cache: 'no-store', credentials: 'omit'};
        if (payload !== undefined) {
            headers['Content-Type'] = 'application/json';
            request.body = JSON.stringify(payload);
        }
        const response = await fetch(API + path, request);
        if (response.status === 401) {
            throw new Unauthorized();
        }
        const text = await response.text();
        let body = null;
        if (text) {
            try {
                body = JSON.parse(text);
            } catch (e) {
                body = text;
            }
        }
        return {status: response.status, statusText: response.statusText, ok: response.ok, body: body};
    }

    function errorText(answer) {
        if (answer.body && typeof answer.body === 'object' && answer.body.message) {
            return answer.status + ' ' + answer.body.message;
        }
        return answer.status + ' ' + (answer.statusText || '');
    }

    async function read(path) {
        const answer = await call('GET', path);
        if (!answer.ok) {
            throw new Error('GET /mailplex' + path + ' answered ' + errorText(answer));
        }
        return answer.body;
    }

    // ---- formatting ----

    function duration(millis) {
        const seconds = Math.max(0, Math.round(millis / 1000));
        if (seconds < 60) {
            return seconds + ' s';
        }
        const minutes = Math.floor(seconds / 60);
        if (minutes < 60) {
            return minutes + ' min' + (seconds % 60 === 0 ? '' : ' ' + (seconds % 60) + ' s');
        }
        const hours = Math.floor(minutes / 60);
        if (hours < 24) {
            return hours + ' h' + (minutes % 60 === 0 ? '' : ' ' + (minutes % 60) + ' min');
        }
        return Math.floor(hours / 24) + ' d' + (hours % 24 === 0 ? '' : ' ' + (hours % 24) + ' h');
    }

    function shortDuration(millis) {
        const seconds = Math.round(millis / 1000);
        if (seconds < 60) {
            return seconds + 's';
        }
        if (seconds < 3600) {
            return Math.round(seconds / 60) + 'm';
        }
        return Math.round(seconds / 3600) + 'h';
    }

    function size(bytes) {
        if (bytes < 1024) {
            return bytes + ' B';
        }
        if (bytes < 1024 * 1024) {
            return (bytes / 1024).toFixed(1) + ' KiB';
        }
        return (bytes / 1024 / 1024).toFixed(1) + ' MiB';
    }

    function since(instant) {
        if (!instant) {
            return '—';
        }
        const at = new Date(instant);
        return at.toLocaleTimeString() + ' (' + duration(Date.now() - at.getTime()) + ' ago)';
    }

    // ---- answers of actions ----

    function showAnswer(text, isError) {
        const answer = $('answer');
        answer.textContent = text;
        answer.className = isError ? 'error' : '';
    }

    async function act(question, method, path, button, body) {
        if (!window.confirm(question)) {
            return;
        }
        if (button) {
            button.disabled = true;
        }
        try {
            const answer = await call(method, path, body);
            const what = method + ' /mailplex' + path + ' answered ';
            if (answer.ok) {
                showAnswer(what + answer.status + (answer.status === 202 ? ': accepted, still under way' : ': done'), false);
            } else {
                showAnswer(what + errorText(answer), true);
            }
        } catch (e) {
            if (e instanceof Unauthorized) {
                askForToken('The admin token was refused (401): enter a valid one.');
            } else {
                showAnswer(method + ' /mailplex' + path + ' failed: ' + e.message, true);
            }
        } finally {
            if (button) {
                button.disabled = false;
            }
            refreshSoon();
        }
    }

    // ---- token ----

    function askForToken(message) {
        sessionStorage.removeItem(TOKEN_KEY);
        waitingForToken = true;
        $('login').hidden = false;
        $('login-message').textContent = message;
        $('updated').textContent = 'Nothing shown without an admin token.';
        views.forEach(view => view.root.remove());
        views.clear();
        $('token').focus();
    }

    function tokenEntered(event) {
        event.preventDefault();
        const value = $('token').value.trim();
        if (!value) {
            return;
        }
        sessionStorage.setItem(TOKEN_KEY, value);
        $('token').value = '';
        $('login').hidden = true;
        waitingForToken = false;
        refreshSoon();
    }

    // ---- rows kept across refreshes, so that focus and choices survive ----

    function syncRows(tbody, items, keyOf, create, update) {
        const existing = new Map();
        Array.from(tbody.children).forEach(row => existing.set(row.dataset.key, row));
        const wanted = new Set();
        items.forEach((item, index) => {
            const key = keyOf(item);
            wanted.add(key);
            let row = existing.get(key);
            if (!row) {
                row = create(item);
                row.dataset.key = key;
            }
            update(row, item);
            if (tbody.children[index] !== row) {
                tbody.insertBefore(row, tbody.children[index] || null);
            }
        });
        existing.forEach((row, key) => {
            if (!wanted.has(key)) {
                row.remove();
            }
        });
    }

    function setOptions(select, operators) {
        const current = Array.from(select.options).map(option => option.value).join('\n');
        if (current === operators.join('\n')) {
            return;
        }
        const chosen = select.value;
        select.replaceChildren(...operators.map(operator => {
            const option = element('option', operator);
            option.value = operator;
            return option;
        }));
        if (operators.includes(chosen)) {
            select.value = chosen;
        }
    }

    function textOr(cell, value, absent) {
        if (value === null || value === undefined || value === '') {
            cell.textContent = absent;
            cell.classList.add('muted');
        } else {
            cell.textContent = value;
            cell.classList.remove('muted');
        }
    }

    // ---- one plex ----

    function viewOf(name) {
        let view = views.get(name);
        if (!view) {
            const root = $('plex-template').content.firstElementChild.cloneNode(true);
            root.dataset.plex = name;
            root.querySelector('.plex-name').textContent = name;
            root.querySelector('.previous').addEventListener('click', () => page(name, -PAGE_SIZE));
            root.querySelector('.next').addEventListener('click', () => page(name, PAGE_SIZE));
            wireRosterEdits(root, name);
            $('plexes').appendChild(root);
            view = {root: root, charts: ''};
            views.set(name, view);
        }
        return view;
    }

    function wireRosterEdits(root, name) {
        const base = '/' + segment(name);
        const add = root.querySelector('.roster-add');
        add.addEventListener('submit', event => {
            event.preventDefault();
            const operator = add.querySelector('.roster-operator').value.trim();
            const capacity = Number(add.querySelector('.roster-capacity').value);
            act('Put ' + operator + ' on the roster of ' + name + ' with capacity ' + capacity + '?', 'PUT',
                base + '/operators/' + segment(operator), add.querySelector('button'), {capacity: capacity});
        });
        const schedule = root.querySelector('.schedule-edit');
        schedule.addEventListener('submit', event => {
            event.preventDefault();
            const operator = schedule.querySelector('.schedule-operator').value;
            let body;
            try {
                body = JSON.parse(schedule.querySelector('.schedule-json').value);
            } catch (e) {
                showAnswer('The schedule is not JSON: ' + e.message, true);
                return;
            }
            act('Save this schedule for ' + operator + ' (on every plex)?', 'PUT', '/operators/' + segment(operator) + '/schedule',
                schedule.querySelector('button[type=submit]'), body);
        });
        schedule.querySelector('.schedule-clear').addEventListener('click', event => {
            const operator = schedule.querySelector('.schedule-operator').value;
            act('Take away the schedule of ' + operator + ' (always on shift)?', 'DELETE', '/operators/' + segment(operator) + '/schedule',
                event.target);
        });
    }

    function page(name, delta) {
        offsets.set(name, Math.max(0, (offsets.get(name) || 0) + delta));
        refreshSoon();
    }

    function render(view, summary, plex, queue, stuck, stats, offset) {
        const root = view.root;
        const base = '/' + segment(plex.plex);
        const operators = plex.operators.map(operator => operator.operator);
        const counts = summary.operators;
        const parts = [summary.queueDepth + ' waiting'];
        if (summary.oldestWaitMillis !== null && summary.oldestWaitMillis !== undefined) {
            parts.push('oldest waited ' + duration(summary.oldestWaitMillis));
        }
        parts.push(counts.free + ' free, ' + counts.busy + ' busy, ' + counts.paused + ' paused, ' + counts.away + ' away');
        if (summary.lease && summary.lease.holder) {
            parts.push('released by node ' + summary.lease.holder + (summary.lease.thisNode ? ' (this node)' : ''));
        }
        root.querySelector('.summary').textContent = parts.join(' · ');

        const level = stats.serviceLevel;
        root.querySelector('.service-level').textContent = Math.round(level.ratio * 100) + '%';
        root.querySelector('.service-level-text').textContent = 'released within ' + duration(level.targetMillis)
            + ' over the last 24 h (' + level.withinTarget + ' of ' + level.samples + ')';
        root.querySelector('.fairness').textContent = stats.fairness.toFixed(2);

        renderOperators(root, base, plex, stats);
        setOptions(root.querySelector('.schedule-operator'), operators);
        renderQueue(root, base, plex.plex, operators, queue, summary.queueDepth, offset);
        renderStuck(root, base, plex.plex, operators, stuck);
        const charts = JSON.stringify([stats.lastDay.waitCounts, stats.lastDay.releasesPerHour, stats.lastDay.dispatched]);
        if (charts !== view.charts) {
            view.charts = charts;
            renderCharts(root, stats.lastDay);
        }
    }

    function renderOperators(root, base, plex, stats) {
        syncRows(root.querySelector('.operators tbody'), plex.operators, operator => operator.operator,
            operator => {
                const row = element('tr');
                for (let index = 0; index < 7; index++) {
                    row.appendChild(element(index === 0 ? 'th' : 'td'));
                }
                row.children[0].scope = 'row';
                row.children[0].textContent = operator.operator;
                row.children[2].className = 'number';
                row.children[4].className = 'number';
                row.children[5].className = 'number';
                const button = element('button');
                button.type = 'button';
                button.className = 'pause';
                button.addEventListener('click', () => {
                    const resume = button.dataset.paused === 'true';
                    const verb = resume ? 'Resume' : 'Pause';
                    act(verb + ' ' + operator.operator + ' on ' + plex.plex + '?', resume ? 'DELETE' : 'PUT',
                        base + '/operators/' + segment(operator.operator) + '/paused', button);
                });
                row.children[6].appendChild(button);
                const remove = element('button', 'Remove');
                remove.type = 'button';
                remove.className = 'remove';
                remove.setAttribute('aria-label', 'Take ' + operator.operator + ' off the roster');
                remove.addEventListener('click', () => act('Take ' + operator.operator + ' off the roster of ' + plex.plex
                    + '? What she holds stays hers.', 'DELETE', base + '/operators/' + segment(operator.operator), remove));
                row.children[6].appendChild(remove);
                return row;
            },
            (row, operator) => {
                const status = row.children[1];
                status.textContent = operator.status;
                status.className = 'status status-' + operator.status;
                row.children[2].textContent = operator.held + ' / ' + operator.capacity;
                row.children[3].textContent = operator.status === 'away' ? since(operator.awaySince)
                    : operator.status === 'free' ? since(operator.freeSince) : '—';
                row.children[4].textContent = String((stats.lastDay.dispatched || {})[operator.operator] || 0);
                row.children[5].textContent = String(operator.dispatched);
                const button = row.children[6].firstChild;
                button.dataset.paused = String(operator.paused);
                button.textContent = operator.paused ? 'Resume' : 'Pause';
                button.setAttribute('aria-label', (operator.paused ? 'Resume ' : 'Pause ') + operator.operator);
            });
    }

    function mailCells(row) {
        for (let index = 0; index < 6; index++) {
            row.appendChild(element('td'));
        }
        row.children[0].className = 'number';
        row.children[3].className = 'number';
    }

    function describe(mail) {
        return '“' + (mail.subject || '(no subject)') + '” from ' + (mail.sender || '(no sender)');
    }

    function assignControls(cell, operators, label, assign) {
        const select = element('select');
        select.className = 'operator';
        select.setAttribute('aria-label', label);
        setOptions(select, operators);
        const button = element('button', 'Assign');
        button.type = 'button';
        button.className = 'assign';
        button.addEventListener('click', () => assign(select.value, button));
        cell.append(select, button);
        return select;
    }

    function deleteButton(cell, onClick) {
        const button = element('button', 'Delete');
        button.type = 'button';
        button.className = 'delete';
        button.addEventListener('click', () => onClick(button));
        cell.appendChild(button);
        return button;
    }

    function fillMail(row, mail) {
        row.children[0].textContent = duration(mail.waitedMillis);
        textOr(row.children[1], mail.sender, '(no sender)');
        textOr(row.children[2], mail.subject, '(no subject)');
        row.children[3].textContent = size(mail.size);
    }

    function renderQueue(root, base, plexName, operators, queue, depth, offset) {
        root.querySelector('.queue-count').textContent = depth === 0 ? '(empty)'
            : '(' + (offset + 1) + '–' + (offset + queue.length) + ' of ' + depth + ', oldest first)';
        syncRows(root.querySelector('.queue tbody'), queue, mail => mail.key,
            mail => {
                const row = element('tr');
                mailCells(row);
                const path = base + '/queue/' + segment(mail.key);
                const select = assignControls(row.children[5], operators, 'Operator to assign ' + describe(mail) + ' to',
                    (operator, button) => act('Assign ' + describe(mail) + ' to ' + operator + ' now?', 'POST',
                        path + '?action=assign&operator=' + encodeURIComponent(operator), button));
                row.select = select;
                const remove = deleteButton(row.children[5], button => act('Delete ' + describe(mail)
                    + ' from the queue of ' + plexName + '? It is not delivered to anyone.', 'DELETE', path, button));
                remove.setAttribute('aria-label', 'Delete ' + describe(mail));
                return row;
            },
            (row, mail) => {
                fillMail(row, mail);
                const reclaims = (mail.reclaimedFrom || []).map(reclaim => reclaim.operator
                    + (reclaim.at ? ' at ' + new Date(reclaim.at).toLocaleTimeString() : ''));
                textOr(row.children[4], reclaims.join(', '), '—');
                setOptions(row.select, operators);
            });
        const previous = root.querySelector('.previous');
        const next = root.querySelector('.next');
        previous.disabled = offset === 0;
        next.disabled = offset + PAGE_SIZE >= depth;
        root.querySelector('.page').textContent = depth > PAGE_SIZE
            ? 'page ' + (Math.floor(offset / PAGE_SIZE) + 1) + ' of ' + Math.ceil(depth / PAGE_SIZE) : '';
    }

    function renderStuck(root, base, plexName, operators, stuck) {
        root.querySelector('.stuck-count').textContent = stuck.length === 0 ? '(none)' : '(' + stuck.length + ')';
        syncRows(root.querySelector('.stuck tbody'), stuck, mail => mail.key,
            mail => {
                const row = element('tr');
                mailCells(row);
                const path = base + '/stuck/' + segment(mail.key);
                const retry = element('button', 'Retry');
                retry.type = 'button';
                retry.className = 'retry';
                retry.setAttribute('aria-label', 'Retry ' + describe(mail));
                retry.addEventListener('click', () => act('Put ' + describe(mail) + ' back into the queue of ' + plexName + '?',
                    'POST', path + '?action=retry', retry));
                row.children[5].appendChild(retry);
                row.select = assignControls(row.children[5], operators, 'Operator to assign stuck ' + describe(mail) + ' to',
                    (operator, button) => act('Assign the stuck ' + describe(mail) + ' to ' + operator + ' now?', 'POST',
                        path + '?action=assign&operator=' + encodeURIComponent(operator), button));
                deleteButton(row.children[5], button => act('Delete the stuck ' + describe(mail) + '? It is not delivered to anyone.',
                    'DELETE', path, button)).setAttribute('aria-label', 'Delete stuck ' + describe(mail));
                return row;
            },
            (row, mail) => {
                fillMail(row, mail);
                textOr(row.children[4], mail.reason, 'not recorded');
                setOptions(row.select, operators);
            });
    }

    // ---- charts: inline SVG, drawn here ----

    function svg(name, attributes) {
        const node = document.createElementNS(SVG, name);
        Object.keys(attributes || {}).forEach(key => node.setAttribute(key, String(attributes[key])));
        return node;
    }

    function barChart(values, labels, description) {
        const width = 320;
        const height = 150;
        const top = 14;
        const bottom = 20;
        const max = Math.max(1, ...values);
        const total = values.reduce((sum, value) => sum + value, 0);
        const chart = svg('svg', {viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'data-total': total});
        chart.setAttribute('aria-label', description + ': ' + total + ' in all');
        const title = svg('title');
        title.textContent = description;
        chart.appendChild(title);
        const slot = width / values.length;
        const plot = height - top - bottom;
        values.forEach((value, index) => {
            const barHeight = value === 0 ? 0 : Math.max(1, plot * value / max);
            const bar = svg('rect', {class: 'bar', x: index * slot + 1, y: top + plot - barHeight, width: Math.max(1, slot - 2),
                height: barHeight, 'data-value': value});
            const tip = svg('title');
            tip.textContent = labels[index] + ': ' + value;
            bar.appendChild(tip);
            chart.appendChild(bar);
            if (value > 0 && values.length <= 12) {
                const count = svg('text', {class: 'axis', x: index * slot + slot / 2, y: top + plot - barHeight - 2, 'text-anchor': 'middle'});
                count.textContent = String(value);
                chart.appendChild(count);
            }
            if (values.length <= 12 || index % 6 === 0 || index === values.length - 1) {
                // on a long axis the first and last labels would overflow the chart: they align to its edges
                const first = values.length > 12 && index === 0;
                const last = values.length > 12 && index === values.length - 1;
                const anchor = first ? 'start' : last ? 'end' : 'middle';
                const x = first ? 0 : last ? width : index * slot + slot / 2;
                const label = svg('text', {class: 'axis', x: x, y: height - 6, 'text-anchor': anchor});
                label.textContent = labels[index];
                chart.appendChild(label);
            }
        });
        chart.appendChild(svg('line', {class: 'baseline', x1: 0, x2: width, y1: top + plot + 0.5, y2: top + plot + 0.5}));
        return chart;
    }

    function shareChart(dispatched) {
        const operators = Object.keys(dispatched);
        const total = operators.reduce((sum, operator) => sum + dispatched[operator], 0);
        const width = 320;
        const row = 22;
        const height = Math.max(row, operators.length * row);
        const chart = svg('svg', {viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'data-total': total});
        chart.setAttribute('aria-label', 'Mails per operator over the last 24 hours: ' + total + ' in all');
        const max = Math.max(1, ...operators.map(operator => dispatched[operator]));
        operators.forEach((operator, index) => {
            const value = dispatched[operator];
            const share = total === 0 ? 0 : Math.round(100 * value / total);
            const label = svg('text', {class: 'axis', x: 0, y: index * row + 15});
            label.textContent = operator;
            chart.appendChild(label);
            const barWidth = value === 0 ? 0 : Math.max(1, 120 * value / max);
            const bar = svg('rect', {class: 'bar', x: 150, y: index * row + 5, width: barWidth, height: row - 8, 'data-value': value});
            const tip = svg('title');
            tip.textContent = operator + ': ' + value + ' (' + share + '%)';
            bar.appendChild(tip);
            chart.appendChild(bar);
            const count = svg('text', {class: 'axis', x: 154 + barWidth, y: index * row + 15});
            count.textContent = value + ' (' + share + '%)';
            chart.appendChild(count);
        });
        return chart;
    }

    function renderCharts(root, lastDay) {
        const bounds = lastDay.waitBoundsMillis;
        const waitLabels = bounds.map(bound => '≤' + shortDuration(bound)).concat(['>' + shortDuration(bounds[bounds.length - 1])]);
        root.querySelector('.chart.waits').replaceChildren(barChart(lastDay.waitCounts, waitLabels,
            'Mails released in the last 24 hours by time waited'));
        const hourLabels = lastDay.releasesPerHour.map((value, index) => index === 23 ? 'now' : '-' + (23 - index) + 'h');
        root.querySelector('.chart.hours').replaceChildren(barChart(lastDay.releasesPerHour, hourLabels,
            'Releases per hour over the last 24 hours'));
        root.querySelector('.chart.shares').replaceChildren(shareChart(lastDay.dispatched));
    }

    // ---- refreshing ----

    async function refresh() {
        timer = null;
        if (waitingForToken) {
            return;
        }
        try {
            const plexes = await read('');
            const seen = new Set();
            for (const summary of plexes) {
                seen.add(summary.plex);
                const base = '/' + segment(summary.plex);
                const offset = offsets.get(summary.plex) || 0;
                const answers = await Promise.all([read(base), read(base + '/queue?offset=' + offset + '&limit=' + PAGE_SIZE),
                    read(base + '/stuck?limit=100'), read(base + '/stats')]);
                render(viewOf(summary.plex), summary, answers[0], answers[1], answers[2], answers[3], offset);
            }
            views.forEach((view, name) => {
                if (!seen.has(name)) {
                    view.root.remove();
                    views.delete(name);
                }
            });
            $('updated').textContent = plexes.length === 0 ? 'No plex is configured.'
                : 'Updated at ' + new Date().toLocaleTimeString() + ', every ' + (REFRESH_MS / 1000) + ' s.';
        } catch (e) {
            if (e instanceof Unauthorized) {
                askForToken(sessionStorage.getItem(TOKEN_KEY)
                    ? 'The admin token was refused (401): enter a valid one.'
                    : 'Webadmin asks for an admin token (401): enter it to see the plexes.');
                return;
            }
            $('updated').textContent = 'Could not refresh: ' + e.message;
        }
        refreshLater();
    }

    function refreshLater() {
        if (timer === null && !waitingForToken) {
            timer = window.setTimeout(refresh, REFRESH_MS);
        }
    }

    function refreshSoon() {
        if (timer !== null) {
            window.clearTimeout(timer);
        }
        timer = window.setTimeout(refresh, 0);
    }

    document.addEventListener('DOMContentLoaded', () => {
        $('login-form').addEventListener('submit', tokenEntered);
        refreshSoon();
    });
}());
