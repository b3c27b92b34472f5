package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The files the Maven build produces that the template points at, and class loaders over them as Lambda builds one. */
final class BuildOutputs {

    /** Where Lambda's Java runtimes put a layer's jars on the classpath. */
    static final String LAYER_LIB = "java/lib/";

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private BuildOutputs() {
    }

    /** The modules of the parent pom, e.g. functions/validate. */
    static Set<String> modules() {
        Matcher module = MODULE.matcher(Repository.read("pom.xml"));
        List<String> found = new ArrayList<>();
        while (module.find()) {
            found.add(module.group(1).strip());
        }
        return Set.copyOf(found);
    }

    /**
     * A path the template gives (CodeUri, ContentUri): it must lie in the target directory of one
     * of the parent pom's modules, and exist (the modules are packaged before these tests run).
     */
    static Path builtFile(String templatePath, String where) {
        int target = templatePath.indexOf("/target/");
        assertThat(target).as("%s: %s is not in a module's target/ directory", where, templatePath).isPositive();
        assertThat(modules()).as("%s: %s is not a module of pom.xml", where, templatePath.substring(0, target))
                .contains(templatePath.substring(0, target));
        Path file = Repository.file(templatePath);
        assertThat(file).as("%s: %s does not exist; the build (mvn package) should have made it", where, templatePath).isRegularFile();
        return file;
    }

    static List<String> entryNames(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
    }

    static String entryText(Path zip, String name) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(name);
            assertThat(entry).as("%s has no entry %s", zip, name).isNotNull();
            try (InputStream in = file.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " in " + zip, e);
        }
    }

    /** Copies one entry of a zip into a directory, under its file name. */
    static Path extractEntry(Path zip, String name, Path into) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(name);
            assertThat(entry).as("%s has no entry %s", zip, name).isNotNull();
            Path out = into.resolve(Path.of(name).getFileName().toString());
            try (InputStream in = file.getInputStream(entry)) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + name + " from " + zip, e);
        }
    }

    /** Copies the layer's java/lib/*.jar into a directory (a class loader cannot read a jar inside a zip). */
    static List<Path> extractLayerJars(Path layerZip, Path into) {
        List<Path> jars = new ArrayList<>();
        try (ZipFile file = new ZipFile(layerZip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.startsWith(LAYER_LIB) && name.endsWith(".jar") && name.indexOf('/', LAYER_LIB.length()) < 0) {
                    Path jar = into.resolve(name.substring(LAYER_LIB.length()));
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                    }
                    jars.add(jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layerZip, e);
        }
        return jars;
    }

    /**
     * A class loader like a Java function's in Lambda: the package extracted as Lambda extracts it
     * into /var/task (the directory, then its lib/*.jar), the layers' java/lib jars (Lambda's
     * /opt/java/lib), and aws-lambda-java-core; nothing from this test's classpath.
     */
    static URLClassLoader functionClassLoader(Path functionPackage, List<Path> layerJars, Path task) {
        try {
            extractAll(functionPackage, task);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + functionPackage + " in " + task, e);
        }
        return taskClassLoader(task, layerJars);
    }

    /** A class loader like Lambda's over a directory laid out as /var/task: the directory, its lib/*.jar in name order, the layers' jars. */
    static URLClassLoader taskClassLoader(Path task, List<Path> layerJars) {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(task.toUri().toURL());
            Path lib = task.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (var jars = Files.list(lib)) {
                    for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            }
            for (Path jar : layerJars) {
                urls.add(jar.toUri().toURL());
            }
            urls.add(RequestHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI().toURL());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + task, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot make a class path URL", e);
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /**
     * The class a function's Handler ({@code package.Class::method}) names, loaded as Lambda's Java
     * runtime would: a concrete RequestHandler or RequestStreamHandler with a public no-argument
     * constructor and the public method.
     */
    static Class<?> lambdaHandlerClass(ClassLoader loader, String handler, String function) {
        assertThat(handler).as(function + "/Handler").matches("[a-z][\\w.]*\\.[A-Z]\\w*::\\w+");
        String className = handler.substring(0, handler.indexOf("::"));
        String methodName = handler.substring(handler.indexOf("::") + 2);
        try {
            Class<?> type = Class.forName(className, false, loader);
            Class<?> requestHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestHandler");
            Class<?> streamHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestStreamHandler");
            assertThat(requestHandler.isAssignableFrom(type) || streamHandler.isAssignableFrom(type))
                    .as("%s implements RequestHandler or RequestStreamHandler", className).isTrue();
            assertThat(Modifier.isAbstract(type.getModifiers())).as("%s is abstract", className).isFalse();
            assertThat(type.getConstructor()).as("%s has a public no-argument constructor for Lambda", className).isNotNull();
            assertThat(Stream.of(type.getMethods()).map(Method::getName)).as("public methods of %s", className).contains(methodName);
            return type;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new AssertionError(function + ": " + handler + " does not load: " + e, e);
        }
    }

    /** Extracts a whole zip (a function package) into a directory, as Lambda extracts it into /var/task. */
    static void extractAll(Path zip, Path into) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                Path out = into.resolve(entry.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException(zip + " has an entry outside its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
