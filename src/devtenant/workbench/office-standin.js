/* global window, document */
// The demo workbench's stand-in for Office.js (https://appsforoffice.microsoft.com/lib/1/hosted/office.js), which
// cannot load offline. The server serves the task pane at /dev/workbench/outlook/taskpane with this script in place
// of the CDN one (demo mode only). It implements the subset Turnaround's task pane uses — Office.onReady,
// context.mailbox.item (read: itemId, itemType, subject, from, internetMessageId, conversationId, categories.addAsync;
// compose: subject as an object, no itemId), mailbox.convertToRestId, mailbox.addHandlerAsync(ItemChanged),
// requirements.isSetSupported, auth.getAccessToken — with Office's callback and AsyncResult shapes, and answers them
// by postMessage with the workbench page that frames it (src/devtenant/workbench/outlook-workbench-emulator.ts).
(function () {
  'use strict';
  var CHANNEL = 'turnaround-office';
  var parentWindow = window.parent;
  var targetOrigin = window.location.origin;
  var nextId = 1;
  var pending = {};
  var itemChangedHandlers = [];
  var requirementSets = {};
  var readyInfo = { host: 'Outlook', platform: 'OfficeOnline' };

  function call(name, args) {
    return new Promise(function (resolve, reject) {
      if (parentWindow === window) {
        reject(new Error('The Office stand-in runs only inside the Outlook workbench.'));
        return;
      }
      var id = nextId++;
      pending[id] = { resolve: resolve, reject: reject };
      parentWindow.postMessage({ channel: CHANNEL, id: id, call: name, args: args || [] }, targetOrigin);
    });
  }

  function asyncResult(status, value, error, asyncContext) {
    return { status: status, value: value, error: error, asyncContext: asyncContext };
  }

  /** Office's optional-arguments convention: (…, options?, callback?). */
  function splitOptions(a, b) {
    if (typeof a === 'function') return { options: {}, callback: a };
    return { options: a || {}, callback: typeof b === 'function' ? b : function () {} };
  }

  function makeItem(data) {
    if (!data) return null;
    if (data.mode === 'compose') {
      var subject = data.subject;
      return {
        itemType: data.itemType,
        conversationId: data.conversationId,
        subject: { getAsync: function (o, c) { splitOptions(o, c).callback(asyncResult('succeeded', subject)); } },
        from: { getAsync: function (o, c) { splitOptions(o, c).callback(asyncResult('succeeded', data.from)); } },
        getItemIdAsync: function (o, c) {
          splitOptions(o, c).callback(asyncResult('failed', undefined, { code: 9051, name: 'ItemNotSaved', message: 'The item has not been saved.' }));
        },
      };
    }
    return {
      itemType: data.itemType,
      itemId: data.itemId === null ? undefined : data.itemId,
      subject: data.subject,
      from: data.from,
      internetMessageId: data.internetMessageId,
      conversationId: data.conversationId,
      categories: {
        addAsync: function (names, o, c) {
          var split = splitOptions(o, c);
          call('addCategories', [names]).then(
            function () { split.callback(asyncResult('succeeded', undefined, undefined, split.options.asyncContext)); },
            function (error) { split.callback(asyncResult('failed', undefined, error, split.options.asyncContext)); },
          );
        },
        getAsync: function (o, c) {
          splitOptions(o, c).callback(asyncResult('succeeded', (data.categories || []).map(function (n) { return { displayName: n, color: 'Preset0' }; })));
        },
      },
    };
  }

  var mailbox = {
    item: null,
    userProfile: null,
    convertToRestId: function (id) {
      if (typeof id !== 'string' || id === '') throw new Error('Invalid item id.');
      return id.replace(/\//g, '-').replace(/\+/g, '_');
    },
    convertToEwsId: function (id) {
      return String(id).replace(/-/g, '/').replace(/_/g, '+');
    },
    addHandlerAsync: function (eventType, handler, o, c) {
      var split = splitOptions(o, c);
      if (eventType !== 'olkItemSelectedChanged') {
        split.callback(asyncResult('failed', undefined, { code: 5001, name: 'NotSupported', message: 'Only ItemChanged is supported.' }));
        return;
      }
      itemChangedHandlers.push(handler);
      split.callback(asyncResult('succeeded'));
    },
  };

  var ready = new Promise(function (resolve, reject) {
    var start = function () {
      call('hello').then(function (hello) {
        mailbox.item = makeItem(hello.item);
        mailbox.userProfile = hello.userProfile;
        requirementSets = hello.requirementSets || {};
        Office.context.diagnostics.hostName = hello.hostName;
        resolve(readyInfo);
      }, reject);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  });

  window.addEventListener('message', function (event) {
    if (event.source !== parentWindow || event.origin !== targetOrigin) return;
    var data = event.data;
    if (!data || data.channel !== CHANNEL) return;
    if (data.event === 'itemChanged') {
      mailbox.item = makeItem(data.item);
      itemChangedHandlers.slice().forEach(function (h) { h({ type: 'olkItemSelectedChanged' }); });
      return;
    }
    var waiter = pending[data.id];
    if (!waiter) return;
    delete pending[data.id];
    if (data.ok) waiter.resolve(data.value);
    else waiter.reject(data.error);
  });

  function compareVersions(a, b) {
    var x = String(a).split('.').map(Number);
    var y = String(b).split('.').map(Number);
    for (var i = 0; i < Math.max(x.length, y.length); i++) {
      var d = (x[i] || 0) - (y[i] || 0);
      if (d !== 0) return d;
    }
    return 0;
  }

  var Office = {
    HostType: { Outlook: 'Outlook' },
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    EventType: { ItemChanged: 'olkItemSelectedChanged' },
    MailboxEnums: { RestVersion: { v1_0: 'v1.0', v2_0: 'v2.0', Beta: 'beta' }, ItemType: { Message: 'message', Appointment: 'appointment' } },
    onReady: function (callback) {
      return ready.then(function (info) {
        if (typeof callback === 'function') callback(info);
        return info;
      });
    },
    context: {
      mailbox: mailbox,
      diagnostics: { hostName: 'Outlook workbench', platform: 'OfficeOnline' },
      requirements: {
        isSetSupported: function (name, version) {
          var have = requirementSets[name];
          return have !== undefined && compareVersions(have, version || '1.1') >= 0;
        },
      },
    },
    auth: {
      getAccessToken: function () {
        return call('getAccessToken').catch(function (error) {
          var e = new Error(error && error.message ? error.message : 'getAccessToken failed');
          e.code = error && error.code ? error.code : 13000;
          throw e;
        });
      },
    },
  };
  window.Office = Office;
})();
