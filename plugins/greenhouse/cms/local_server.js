// The local backend of `greenhouse cms`: decap-server's own fs or git middleware,
// behind a guard that lets through only what the editor needs.
//
// decap-server alone answers any request naming any file of the repository, and any
// Host. Here every request must come to the loopback address this server printed
// (a foreign Host is a DNS-rebinding page), from the portal's origin when the browser
// names one, with an action the editor uses, and every path it names must resolve
// (symbolic links followed) inside the content folder. decap-server's handlers run
// unchanged after that.
//
// Usage: node local_server.js <decap-server>/dist/middlewares.js
// Environment: MODE (fs|git), GIT_REPO_DIRECTORY, PORT (0: any free port),
// GREENHOUSE_CMS_CONTENT (the content folder, relative to the repository),
// GREENHOUSE_CMS_ORIGINS (space-separated origins the editor page is served from),
// GREENHOUSE_CMS_READY_FD (a file descriptor: "127.0.0.1:<port>\n" is written there
// once the server listens), LOG_LEVEL.
"use strict";

const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const EDITOR_ACTIONS = [
  "info",
  "entriesByFolder",
  "entriesByFiles",
  "getEntry",
  "persistEntry",
  "getMedia",
  "getMediaFile",
  "persistMedia",
  "deleteFile",
  "deleteFiles",
  "getDeployPreview",
];
// The editorial workflow's actions: branches and their entries, git mode only.
const WORKFLOW_ACTIONS = [
  "unpublishedEntries",
  "unpublishedEntry",
  "unpublishedEntryDataFile",
  "unpublishedEntryMediaFile",
  "deleteUnpublishedEntry",
  "updateUnpublishedEntryStatus",
  "publishUnpublishedEntry",
];
// Every parameter decap-server's schema treats as a repository path.
const PATH_KEYS = new Set(["path", "newPath", "folder", "mediaFolder"]);
const PATH_LIST_KEYS = new Set(["paths"]);

class Refused extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function main() {
  const middlewares = process.argv[2];
  if (!middlewares) {
    console.error("usage: node local_server.js <decap-server>/dist/middlewares.js");
    process.exit(2);
  }
  const express = createRequire(middlewares)("express");
  const { registerLocalFs, registerLocalGit } = require(middlewares);

  const mode = process.env.MODE || "fs";
  const repository = fs.realpathSync(process.env.GIT_REPO_DIRECTORY || process.cwd());
  const content = fs.realpathSync(
    path.resolve(repository, process.env.GREENHOUSE_CMS_CONTENT || "content"),
  );
  const origins = new Set((process.env.GREENHOUSE_CMS_ORIGINS || "").split(/\s+/).filter(Boolean));
  const actions = new Set(mode === "git" ? [...EDITOR_ACTIONS, ...WORKFLOW_ACTIONS] : EDITOR_ACTIONS);
  const hosts = new Set();

  const app = express();
  app.disable("x-powered-by");
  app.use((request, response, next) => {
    try {
      checkAddress(request, hosts, origins);
      next();
    } catch (error) {
      refuse(request, response, error);
    }
  });
  app.use(express.json({ limit: "50mb" }));
  app.post("/api/v1", (request, response, next) => {
    try {
      checkRequest(request, actions, repository, content);
      next();
    } catch (error) {
      refuse(request, response, error);
    }
  });
  const register = mode === "git" ? registerLocalGit : registerLocalFs;
  register(app, { logLevel: process.env.LOG_LEVEL || "warn" })
    .then(() => {
      const server = app.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
        const { port } = server.address();
        hosts.add(`127.0.0.1:${port}`);
        hosts.add(`localhost:${port}`);
        announce(`127.0.0.1:${port}`);
      });
      server.on("error", (error) => {
        console.error(`cannot listen on 127.0.0.1:${process.env.PORT || 0}: ${error.message}`);
        process.exit(1);
      });
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
  for (const signal of ["SIGTERM", "SIGHUP", "SIGINT"]) {
    process.on(signal, () => process.exit(0));
  }
}

function checkAddress(request, hosts, origins) {
  const host = request.headers.host || "";
  if (!hosts.has(host.toLowerCase())) {
    throw new Refused(403, `Host ${JSON.stringify(host)} is not this server's loopback address`);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !origins.has(origin)) {
    throw new Refused(403, `Origin ${JSON.stringify(origin)} is not the portal's`);
  }
}

function checkRequest(request, actions, repository, content) {
  const body = request.body;
  if (!request.is("application/json") || body === null || typeof body !== "object") {
    throw new Refused(415, "the editor's API takes JSON only");
  }
  if (!actions.has(body.action)) {
    throw new Refused(422, `action ${JSON.stringify(body.action)} is not one the editor uses`);
  }
  for (const name of repositoryPaths(body.params)) {
    checkPath(name, repository, content);
  }
}

function* repositoryPaths(value) {
  if (Array.isArray(value)) {
    for (const item of value) yield* repositoryPaths(item);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (PATH_KEYS.has(key)) {
        yield item;
      } else if (PATH_LIST_KEYS.has(key)) {
        if (!Array.isArray(item)) throw new Refused(422, `${key} must be a list of paths`);
        yield* item;
      } else {
        yield* repositoryPaths(item);
      }
    }
  }
}

function checkPath(name, repository, content) {
  const outside = new Refused(403, `${JSON.stringify(name)} is outside the content folder`);
  if (typeof name !== "string" || name === "" || name.includes("\0") || path.isAbsolute(name)) {
    throw outside;
  }
  const target = path.resolve(repository, name);
  if (!inside(content, target)) {
    throw outside;
  }
  // Follow symbolic links: the nearest part of the path that exists must resolve
  // inside the content folder too.
  let existing = target;
  while (!fs.existsSync(existing) && !isLink(existing)) {
    existing = path.dirname(existing);
  }
  let real;
  try {
    real = fs.realpathSync(existing);
  } catch (error) {
    throw outside; // a dangling link
  }
  if (!inside(content, real)) {
    throw outside;
  }
}

function isLink(name) {
  try {
    return fs.lstatSync(name).isSymbolicLink();
  } catch (error) {
    return false;
  }
}

function inside(folder, target) {
  const relative = path.relative(folder, target);
  return (
    relative === "" ||
    (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

function refuse(request, response, error) {
  if (!(error instanceof Refused)) {
    throw error;
  }
  const action = request.body && typeof request.body === "object" ? request.body.action : "";
  console.error(`refused ${request.method} ${request.url} ${action || ""}: ${error.message}`);
  response.status(error.status).json({ error: error.message });
}

function announce(address) {
  const fd = process.env.GREENHOUSE_CMS_READY_FD;
  if (fd) {
    fs.writeSync(Number(fd), `${address}\n`);
    fs.closeSync(Number(fd));
  } else {
    console.log(`listening on ${address}`);
  }
}

main();
