#!/usr/bin/python3
"""Emits logind's and the screen saver's signals on a private D-Bus bus, for Otter's tests.

Usage: fake_logind.py ADDRESS [--no-name] SIGNAL...
SIGNAL is sleep, wake, lock (a session's Lock), saver-on or saver-off. Unless --no-name, it
first owns org.freedesktop.login1 on the bus, as logind does, so that the signals come from
that name; with --no-name they come from an ordinary client, which a subscriber to logind's
signals must not believe. Uses dbus-python (libdbus), not Otter's sd-bus code.
"""
import sys

import dbus
import dbus.lowlevel

address, rest = sys.argv[1], sys.argv[2:]
bus = dbus.bus.BusConnection(address)
if "--no-name" not in rest:
    bus.request_name("org.freedesktop.login1", dbus.bus.NAME_FLAG_DO_NOT_QUEUE)
signals = {
    "sleep": ("/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", True),
    "wake": ("/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", False),
    "lock": ("/org/freedesktop/login1/session/_32", "org.freedesktop.login1.Session", "Lock", None),
    "saver-on": ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True),
    "saver-off": ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", False),
}
for name in rest:
    if name == "--no-name":
        continue
    path, interface, member, value = signals[name]
    message = dbus.lowlevel.SignalMessage(path, interface, member)
    if value is not None:
        message.append(value, signature="b")
    bus.send_message(message)
bus.flush()
print("sent", flush=True)
