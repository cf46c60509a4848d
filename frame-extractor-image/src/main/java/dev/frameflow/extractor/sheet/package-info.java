/** The contact sheet: frames on one image with their times. */
package dev.frameflow.extractor.sheet;
