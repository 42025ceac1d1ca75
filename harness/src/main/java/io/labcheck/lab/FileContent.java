package io.labcheck.lab;

/**
 * A file the lab has the student write.
 *
 * @param path     the path as the document names it ({@code main.py}, {@code /etc/systemd/system/x.service})
 * @param language the fenced block's language ("python", "ini", "") 
 * @param content  the file's content
 * @param line     the document line of the content's first line (0 while the content is not known)
 */
public record FileContent(String path, String language, String content, int line) {}
