# labcheck: runs a command in a terminal of its own (a pty, as a student's ssh session has) and types the answers
# the document gives at its prompts, one at each prompt as a person would, logging which prompt got which answer.
# Usage: python3 answers.py SCRIPT ANSWERS LOG. Output is the terminal's, on stdout; the exit status is the command's.
# A prompt is output that stops, unended by a newline, in a prompt's last character (: ? ] ) >), for PROMPT_IDLE s.
# LOG: a line per prompt and per answer left: what happened (answered, again: the same prompt right after an answer,
# as when it was not taken; end of input; unread), the answer, the prompt line, the question above it.
import os, pty, re, select, signal, sys, time

PROMPT_IDLE = 0.6
PROMPT_END = re.compile(r"[:?\])>]\s*$")

script, answers_file, log_file = sys.argv[1], sys.argv[2], sys.argv[3]
with open(answers_file, encoding="utf-8") as f:
    answers = f.read().split("\n")
if answers and answers[-1] == "":
    answers.pop()

pid, fd = pty.fork()
if pid == 0:
    os.execvp("bash", ["bash", script])


def forward(signum, _frame):
    try:
        os.killpg(pid, signum)
    except OSError:
        pass


for s in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
    signal.signal(s, forward)

log = open(log_file, "w", encoding="utf-8")
out = sys.stdout.buffer
tail = b""
last = time.monotonic()
given = 0
previous = None
DASHES = re.compile(r"^[-=\s]*$")


def question(lines):
    """What the prompt asks: in the paragraph above it (back to a blank line or a rule of dashes), its last question
    and the sentence before it, else the line just above the prompt."""
    above = []
    for l in reversed(lines):
        if not l.strip() or DASHES.match(l):
            if above:
                break
            continue
        above.append(l.strip())
    if not above:
        return ""
    sentences = re.split(r"(?<=[.?!])\s+", " ".join(reversed(above)))
    asks = [i for i, x in enumerate(sentences) if x.endswith("?")]
    if asks:
        return " ".join(sentences[max(0, asks[-1] - 1):asks[-1] + 1])[:200]
    return above[0][:200]
while True:
    try:
        ready, _, _ = select.select([fd], [], [], 0.1)
    except InterruptedError:
        continue
    if ready:
        try:
            data = os.read(fd, 4096)
        except OSError:  # the command's side of the terminal closed: it ended
            break
        if not data:
            break
        out.write(data.replace(b"\r\n", b"\n"))
        out.flush()
        tail = (tail + data)[-4000:]
        last = time.monotonic()
        continue
    text = tail.decode("utf-8", "replace").replace("\r", "")
    lines = text.split("\n")
    line = lines[-1].strip()
    if line and not text.endswith("\n") and PROMPT_END.search(line) and time.monotonic() - last >= PROMPT_IDLE:
        above = lines[:-1]
        if previous is not None and above and above[0].strip() == previous[1]:
            above = above[1:]  # the terminal's echo of the answer typed last
        asked = question(above)
        if previous is not None and line == previous[0] and not [l for l in above if l.strip()]:
            log.write("again\t" + previous[1] + "\t" + line + "\t\n")  # the answer before was not taken
            asked = previous[2]
        if given < len(answers):
            os.write(fd, (answers[given] + "\n").encode("utf-8"))
            log.write("answered\t" + answers[given] + "\t" + line + "\t" + asked + "\n")
            previous = (line, answers[given], asked)
            given += 1
        else:  # nobody types more: the end of input, as when a person presses Ctrl+D
            os.write(fd, b"\x04")
            log.write("end of input\t\t" + line + "\t" + asked + "\n")
            previous = None
        log.flush()
        tail = b""
        last = time.monotonic()

for a in answers[given:]:
    log.write("unread\t" + a + "\t\t\n")
log.write("done\t\t\t\n")  # the log is whole: the command's exit status may be written before it
log.close()
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
