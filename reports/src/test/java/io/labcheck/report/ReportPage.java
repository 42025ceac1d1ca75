package io.labcheck.report;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

/** Reads index.html the way a person does: only what is displayed, by its visible text. */
final class ReportPage {
    private final Browser browser;

    ReportPage(Browser browser) {
        this.browser = browser;
    }

    /** Text as a browser shows it: runs of white space are one space. */
    static String words(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    String verdict() {
        return visible(browser.find(By.id("verdict"))).getText();
    }

    /** The verdict is the first thing seen: inside the first screenful. */
    boolean verdictIsAtTheTop() {
        return browser.find(By.id("verdict")).getRect().getY() < 200;
    }

    String count(String id) {
        return visible(browser.find(By.id(id))).getText().replaceAll("\\s", "");
    }

    List<String> labTitles() {
        return browser.findAll(By.cssSelector("section.lab .lab-title")).stream().map(ReportPage::visible)
                .map(WebElement::getText).toList();
    }

    /** The one displayed step with this title, in any lab. */
    WebElement step(String title) {
        return only(browser.findAll(By.cssSelector("li.step")), title);
    }

    /** The step with this title in the lab at {@code labIndex} (0-based, the results' order). */
    WebElement step(int labIndex, String title) {
        WebElement lab = browser.findAll(By.cssSelector("section.lab")).get(labIndex);
        return only(lab.findElements(By.cssSelector("li.step")), title);
    }

    WebElement faultRow(String faultId) {
        List<WebElement> rows = browser.findAll(By.cssSelector("tr.fault-row")).stream()
                .filter(row -> row.findElement(By.className("fault")).getText().equals(faultId)).toList();
        assertOne(rows, "fault " + faultId);
        return visible(rows.get(0));
    }

    private static WebElement only(List<WebElement> steps, String title) {
        List<WebElement> found = steps.stream()
                .filter(step -> step.findElement(By.className("step-title")).getText().equals(words(title))).toList();
        assertOne(found, "step " + title);
        return visible(found.get(0));
    }

    private static void assertOne(List<WebElement> found, String what) {
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " visible elements for " + what + ", expected 1");
        }
    }

    private static WebElement visible(WebElement element) {
        if (!element.isDisplayed()) {
            throw new AssertionError("not displayed: " + element.getText());
        }
        return element;
    }
}
