#!/usr/bin/env python3
"""Two real Syncthing instances sharing one folder, on 127.0.0.1 only, for the merge tests.

    syncthing_pair.py WORK start      start two instances (a, b) syncing WORK/a/data and WORK/b/data
    syncthing_pair.py WORK pause      disconnect them (each pauses the other device)
    syncthing_pair.py WORK resume     reconnect them
    syncthing_pair.py WORK scan       rescan both (also while paused) and wait until both are idle
    syncthing_pair.py WORK settle     rescan both and wait until both are idle, connected and in sync
    syncthing_pair.py WORK wait-for GLOB [SECONDS]
                                      wait until a file matching GLOB exists in both data folders
    syncthing_pair.py WORK wait-gone GLOB [SECONDS]
                                      wait until no file matching GLOB exists in either
    syncthing_pair.py WORK stop       shut both down and wait until they have exited

Discovery, relays, NAT traversal, usage reports and upgrades are off; the GUI/REST and sync
listeners are bound to 127.0.0.1 on free ports. State lives in WORK/state.json. Every command
prints one line of JSON or exits non-zero with the reason on stderr.
"""
import glob, json, os, signal, socket, subprocess, sys, time, urllib.request
import xml.etree.ElementTree as ET

FOLDER = "otter"
# What a vault folder should not sync: each machine's lock, backup and temporary files.
STIGNORE = "vault.otter.lock\nvault.otter.bak\n.vault.otter.tmp-*\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(work):
    with open(os.path.join(work, "state.json")) as f:
        return json.load(f)


def api(node, method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{node['gui']}{path}", method=method,
                                     headers={"X-API-Key": node["key"]},
                                     data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
        return json.loads(text) if text.strip().startswith(("{", "[")) else text


def wait(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition():
                return
        except Exception:
            pass
        time.sleep(0.2)
    sys.exit(f"timed out after {seconds} s waiting for {what}")


def start(work):
    nodes = {}
    for name in ("a", "b"):
        home = os.path.join(work, name, "home")
        data = os.path.join(work, name, "data")
        os.makedirs(home, mode=0o700, exist_ok=True)
        os.makedirs(data, mode=0o700, exist_ok=True)
        with open(os.path.join(data, ".stignore"), "w") as f:
            f.write(STIGNORE)
        out = subprocess.run(["syncthing", "generate", f"--home={home}", "--no-default-folder"],
                             capture_output=True, text=True, check=True)
        device = subprocess.run(["syncthing", "serve", f"--home={home}", "--device-id"],
                                capture_output=True, text=True, check=True).stdout.strip()
        nodes[name] = {"home": home, "data": data, "device": device, "gui": free_port(), "sync": free_port(),
                       "key": f"otter-test-{name}-{os.getpid()}"}
        del out
    for name, node in nodes.items():
        other = nodes["b" if name == "a" else "a"]
        path = os.path.join(node["home"], "config.xml")
        tree = ET.parse(path)
        root = tree.getroot()
        options = root.find("options")
        settings = {"listenAddress": f"tcp://127.0.0.1:{node['sync']}", "globalAnnounceEnabled": "false",
                    "localAnnounceEnabled": "false", "relaysEnabled": "false", "natEnabled": "false",
                    "urAccepted": "-1", "startBrowser": "false", "crashReportingEnabled": "false",
                    "autoUpgradeIntervalH": "0", "setLowPriority": "false"}
        for key, value in settings.items():
            for element in options.findall(key):
                options.remove(element)
            ET.SubElement(options, key).text = value
        for element in options.findall("globalAnnounceServer"):
            options.remove(element)
        device = ET.SubElement(root, "device", {"id": other["device"], "name": "peer", "compression": "metadata",
                                                "introducer": "false", "skipIntroductionRemovals": "false",
                                                "introducedBy": ""})
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{other['sync']}"
        ET.SubElement(device, "paused").text = "false"
        folder = ET.SubElement(root, "folder", {"id": FOLDER, "label": FOLDER, "path": node["data"],
                                                "type": "sendreceive", "rescanIntervalS": "3600",
                                                "fsWatcherEnabled": "false", "fsWatcherDelayS": "1",
                                                "ignorePerms": "false", "autoNormalize": "true"})
        for member in (node["device"], other["device"]):
            ET.SubElement(folder, "device", {"id": member, "introducedBy": ""})
        ET.SubElement(folder, "maxConflicts").text = "10"
        tree.write(path)
    for name, node in nodes.items():
        log = open(os.path.join(work, name, "syncthing.log"), "w")
        process = subprocess.Popen(
            ["syncthing", "serve", f"--home={node['home']}", "--no-browser", "--no-restart", "--no-upgrade",
             f"--gui-address=http://127.0.0.1:{node['gui']}", f"--gui-apikey={node['key']}"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1"})
        node["pid"] = process.pid
    with open(os.path.join(work, "state.json"), "w") as f:
        json.dump(nodes, f)
    for name, node in nodes.items():
        wait(lambda: api(node, "GET", "/rest/system/ping") == {"ping": "pong"}, 60, f"syncthing {name} to answer")
    wait(lambda: connected(nodes), 60, "the two instances to connect")
    print(json.dumps({"started": [nodes["a"]["pid"], nodes["b"]["pid"]]}))


def connected(nodes):
    for name, node in nodes.items():
        other = nodes["b" if name == "a" else "a"]
        connections = api(node, "GET", "/rest/system/connections")["connections"]
        if not connections.get(other["device"], {}).get("connected"):
            return False
    return True


def in_sync(nodes):
    for name, node in nodes.items():
        other = nodes["b" if name == "a" else "a"]
        status = api(node, "GET", f"/rest/db/status?folder={FOLDER}")
        if status.get("state") != "idle" or status.get("needTotalItems", 0) != 0:
            return False
        completion = api(node, "GET", f"/rest/db/completion?folder={FOLDER}&device={other['device']}")
        if completion.get("completion") != 100 or completion.get("needItems", 0) != 0:
            return False
    return True


def matches(nodes, pattern):
    return [sorted(os.path.basename(p) for p in glob.glob(os.path.join(node["data"], pattern))) for node in nodes.values()]


def main():
    work, command = sys.argv[1], sys.argv[2]
    if command == "start":
        return start(work)
    nodes = load(work)
    if command in ("pause", "resume"):
        for name, node in nodes.items():
            other = nodes["b" if name == "a" else "a"]
            api(node, "POST", f"/rest/system/{command}?device={other['device']}")
        if command == "pause":
            wait(lambda: not any(
                api(n, "GET", "/rest/system/connections")["connections"].get(o["device"], {}).get("connected")
                for n, o in ((nodes["a"], nodes["b"]), (nodes["b"], nodes["a"]))), 30, "the link to go down")
        else:
            wait(lambda: connected(nodes), 60, "the two instances to reconnect")
        print(json.dumps({command: True}))
    elif command == "scan":
        for node in nodes.values():
            api(node, "POST", f"/rest/db/scan?folder={FOLDER}")
        wait(lambda: all(api(n, "GET", f"/rest/db/status?folder={FOLDER}").get("state") == "idle" for n in nodes.values()),
             30, "both folders to be scanned")
        print(json.dumps({"scanned": matches(nodes, "*")}))
    elif command == "settle":
        def settled():
            for node in nodes.values():
                api(node, "POST", f"/rest/db/scan?folder={FOLDER}")
            return connected(nodes) and in_sync(nodes)
        wait(settled, float(sys.argv[3]) if len(sys.argv) > 3 else 90, "both folders to be in sync")
        print(json.dumps({"settled": matches(nodes, "*")}))
    elif command in ("wait-for", "wait-gone"):
        pattern = sys.argv[3]
        seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 90
        def done():
            for node in nodes.values():
                api(node, "POST", f"/rest/db/scan?folder={FOLDER}")
            found = matches(nodes, pattern)
            return all(found) if command == "wait-for" else not any(found)
        wait(done, seconds, f"{pattern} to {'appear on both sides' if command == 'wait-for' else 'be gone'}")
        print(json.dumps({command: matches(nodes, pattern)}))
    elif command == "stop":
        for node in nodes.values():
            try:
                api(node, "POST", "/rest/system/shutdown")
            except Exception:
                pass
        deadline = time.time() + 20
        for node in nodes.values():
            while time.time() < deadline and alive(node["pid"]):
                time.sleep(0.1)
            if alive(node["pid"]):
                os.killpg(node["pid"], signal.SIGKILL)
        print(json.dumps({"stopped": [not alive(n["pid"]) for n in nodes.values()]}))
    else:
        sys.exit(f"unknown command {command}")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (its parent, this script's earlier run, is gone) counts as ended
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


if __name__ == "__main__":
    main()
