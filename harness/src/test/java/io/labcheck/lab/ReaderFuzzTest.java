package io.labcheck.lab;

import io.labcheck.junit.RequiresSeedLabs;

import io.labcheck.lab.lint.LabLint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader, the lint, the JSON and init never crash: random Markdown made of the constructs lab documents use,
 * and every seed truncated at random points and with random lines shuffled in. The only exception allowed is
 * a {@link LabDocumentException} (a bad annotation or an empty text). Seeded, so a failure repeats.
 */
class ReaderFuzzTest {
    private static final String[] PIECES = {
        "# ", "## ", "### ", "```", "```bash\n", "```python\n", "```powershell\n", "```ini\n", "~~~\n", "\n", "\n\n",
        "$ ", "# ", "ubuntu@host:~$ ", "[ec2-user@ip-1-2-3-4 ~]$ ", "(venv) $ ", "PS C:\\> ", "sudo ", "ssh -i k.pem ubuntu@1.2.3.4",
        "vim app.py\n", "sudo vim /etc/nginx/sites-available/default\n", "cat <<EOF\n", "EOF\n", " \\\n", " && ", " | ", " ; ",
        "curl http://1.2.3.4:8000/", "http://<EC2_IP>:80/\n", "uvicorn main:app --host 127.0.0.1", "docker run -p 80:80 x",
        "listen 80;", "proxy_pass http://localhost:8000;", "chmod 400 ", "**증상**\n", "**원인 1: x**\n", "## 트러블슈팅\n",
        "**왜?**\n", "<!-- labcheck: name=x runs=server -->\n", "<!-- labcheck: check=http url=x -->\n", "<!-- ", " -->",
        "---\n", "title: x\n", "- ", "1. ", "> ", "`", "**", "\"", "'", "\\", "포트 8000", "보안 그룹", "t2.micro", "키 페어 'k'",
        "├──", "WorkingDirectory=/home/ubuntu/x\n", "ExecStart=/home/ubuntu/venv/bin/uvicorn\n", "source venv/bin/activate\n",
        "python3 -m venv venv\n", "cd ", "pip install a==1\n", "a==2\n", "exit\n", "\t", "\r\n", "\u0000", "\uFEFF", "한글 ",
    };

    @Test
    void randomMarkdownNeverCrashesTheReader() {
        Random random = new Random(20240611L);
        int parsed = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder doc = new StringBuilder();
            int pieces = 1 + random.nextInt(80);
            for (int i = 0; i < pieces; i++) {
                doc.append(random.nextInt(6) == 0 ? randomText(random) : PIECES[random.nextInt(PIECES.length)]);
            }
            parsed += readAll(doc.toString(), round) ? 1 : 0;
        }
        assertThat(parsed).as("most random documents parse").isGreaterThan(2000);
    }

    @RequiresSeedLabs

    @Test
    void truncatedAndShuffledSeedsNeverCrashTheReader() throws IOException {
        Random random = new Random(7L);
        List<String> seeds = new ArrayList<>();
        try (var files = Files.list(SeedLabs.directory())) {
            for (Path p : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                seeds.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        assertThat(seeds).hasSize(4);
        int rounds = 0;
        for (String seed : seeds) {
            for (int i = 0; i < 150; i++) {
                String cut = seed.substring(0, random.nextInt(seed.length() + 1));
                readAll(cut, i);
                List<String> lines = new ArrayList<>(seed.lines().toList());
                for (int k = 0; k < 5; k++) {
                    int a = random.nextInt(lines.size());
                    int b = random.nextInt(lines.size());
                    lines.set(a, lines.get(b));
                }
                readAll(String.join("\n", lines), i);
                rounds += 2;
            }
        }
        assertThat(rounds).isEqualTo(1200);
    }

    /** True when the text parsed into a plan; false for the documented one-line errors. */
    private static boolean readAll(String markdown, int round) {
        try {
            LabPlan plan = LabPlan.parse("fuzz-" + round + ".md", markdown);
            LabLint.check(plan);
            PlanText.render(plan);
            PlanJson.render(plan);
            AnnotatedCopy.of(plan, markdown);
            for (LabStep s : plan.steps()) {
                assertThat(s.at().line()).isGreaterThan(0);
                assertThat(s.summary()).isNotNull();
            }
            return true;
        } catch (LabDocumentException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("the reader crashed on round " + round + " with input:\n" + markdown, e);
        }
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(20);
        for (int i = 0; i < n; i++) {
            sb.append((char) (random.nextInt(3) == 0 ? 0xAC00 + random.nextInt(200) : 32 + random.nextInt(95)));
        }
        return sb.toString();
    }
}
