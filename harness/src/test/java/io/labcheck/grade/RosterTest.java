package io.labcheck.grade;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RosterTest {

    @Test
    void spacesOrCsvWithCommentsAHeaderAndKeysBesideTheFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/a.pem"), "k");
        Files.writeString(dir.resolve("b.pem"), "k");
        Path file = Files.writeString(dir.resolve("class.csv"), """
                host,key,user
                # the first row of students
                13.125.1.2  keys/a.pem
                13.125.1.3,b.pem,ec2-user

                """);
        Roster r = Roster.read(file, "ubuntu");
        assertThat(r.servers()).containsExactly(
                new Roster.Server("13.125.1.2", dir.resolve("keys/a.pem"), "ubuntu", 3),
                new Roster.Server("13.125.1.3", dir.resolve("b.pem"), "ec2-user", 4));
    }

    @Test
    void eachMistakeNamesTheLineAndTheFix(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.pem"), "k");
        Path file = dir.resolve("class.txt");
        Files.writeString(file, "13.125.1.2\n");
        assertThatThrownBy(() -> Roster.read(file, "ubuntu")).hasMessageContaining("line 1")
                .hasMessageContaining("is not 'host key [user]'");
        Files.writeString(file, "ubuntu@13.125.1.2 a.pem\n");
        assertThatThrownBy(() -> Roster.read(file, "ubuntu")).hasMessageContaining("give the address alone");
        Files.writeString(file, "13.125.1.2 missing.pem\n");
        assertThatThrownBy(() -> Roster.read(file, "ubuntu")).hasMessageContaining("the key missing.pem is not a file");
        Files.writeString(file, "# nobody yet\n");
        assertThatThrownBy(() -> Roster.read(file, "ubuntu")).hasMessageContaining("names no server");
        assertThatThrownBy(() -> Roster.read(dir.resolve("nope.txt"), "ubuntu")).hasMessageContaining("cannot read the hosts file");
    }
}
