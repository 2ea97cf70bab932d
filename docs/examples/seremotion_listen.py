#!/usr/bin/python3
"""Prints the emotion of each window of speech, as the seremotion element hears it.

    seremotion_listen.py FILE_OR_URI [--model PATH] [--min-confidence C] [--metas]
    seremotion_listen.py --mic [--model PATH] ...

A file or URI (file://, http://, rtsp://, a video: its first audio track) is decoded by
uridecodebin; --mic listens to the default microphone (autoaudiosrc), a live source, so
inference runs on seremotion's worker thread. Each window's result is printed from the bus
message "seremotion"; with --metas it is printed from the meta on the buffers instead, read in a
pad probe after seremotion (Gst.Buffer.get_custom_meta("SeremotionMeta")). At the end of a file
the summary message "seremotion-summary" is printed.

Needs python3-gst-1.0 (/usr/bin/python3 on Debian) and the seremotion plugin on GST_PLUGIN_PATH
(or installed).
"""
import argparse
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402


def seconds(ns):
    return "--:--" if ns == Gst.CLOCK_TIME_NONE else f"{ns / Gst.SECOND:7.2f}s"


def describe(s):
    """One line for a 'seremotion' structure (message or meta: the same fields)."""
    label = s.get_string("label")
    confidence = s.get_value("confidence")
    flags = " (uncertain)" if s.get_value("uncertain") else ""
    line = (f"{seconds(s.get_value('timestamp'))} +{s.get_value('duration') / Gst.SECOND:.2f}s "
            f"#{s.get_value('window-index'):<5} {label:>10} {confidence:5.2f}{flags}")
    if not s.get_value("silence"):
        labels = list(s.get_value("labels"))
        probabilities = list(s.get_value("probabilities"))
        line += "   " + " ".join(f"{n}={p:.2f}" for n, p in zip(labels, probabilities))
    if s.has_field("dropped") and s.get_value("dropped"):
        line += f"   [{s.get_value('dropped')} dropped so far]"
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", help="a file path or a URI")
    parser.add_argument("--mic", action="store_true", help="listen to the default microphone")
    parser.add_argument("--model", help="model bundle (default: the installed default model)")
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument("--metas", action="store_true", help="print from the buffer metas, not the messages")
    args = parser.parse_args()
    if not args.mic and not args.source:
        parser.error("give a file or URI, or --mic")

    Gst.init(None)
    if args.mic:
        source = "autoaudiosrc"
    else:
        uri = args.source if Gst.uri_is_valid(args.source) else Gst.filename_to_uri(os.path.abspath(args.source))
        # Only the audio is decoded and exposed: a film's picture is neither decoded nor linked.
        source = f'uridecodebin uri="{uri}" caps=audio/x-raw expose-all-streams=false'
    model = f' model-location="{args.model}"' if args.model else ""
    pipeline = Gst.parse_launch(
        f"{source} ! audioconvert ! audioresample ! seremotion name=ser{model} "
        f"min-confidence={args.min_confidence} post-messages={'false' if args.metas else 'true'} ! fakesink")

    if args.metas:
        def on_buffer(pad, info):
            # One meta per window; a buffer longer than the hop may carry several, of which
            # Python reaches the first (the bus messages carry every one).
            meta = info.get_buffer().get_custom_meta("SeremotionMeta")
            if meta is not None:
                print(describe(meta.get_structure()), flush=True)
            return Gst.PadProbeReturn.OK

        pipeline.get_by_name("ser").get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, on_buffer)

    loop = GLib.MainLoop()
    status = 0

    def on_message(bus, message):
        nonlocal status
        if message.type == Gst.MessageType.ELEMENT:
            s = message.get_structure()
            if s.get_name() == "seremotion":
                print(describe(s), flush=True)
            elif s.get_name() == "seremotion-summary":
                shares = ", ".join(f"{n} {100 * p:.0f}%" for n, p in zip(s.get_value("labels"), s.get_value("shares")))
                print(f"summary: {s.get_value('windows')} windows, mostly {s.get_string('dominant')}: {shares}")
        elif message.type == Gst.MessageType.WARNING:
            err, _ = message.parse_warning()
            print("warning:", err.message, file=sys.stderr)
        elif message.type == Gst.MessageType.ERROR:
            err, debug = message.parse_error()
            print("error:", err.message, file=sys.stderr)
            status = 1
            loop.quit()
        elif message.type == Gst.MessageType.EOS:
            loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, lambda: pipeline.send_event(Gst.Event.new_eos()))
    pipeline.set_state(Gst.State.PLAYING)
    try:
        loop.run()
    finally:
        pipeline.set_state(Gst.State.NULL)
    return status


if __name__ == "__main__":
    sys.exit(main())
