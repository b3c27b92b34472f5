package io.twt.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.local.cost.Assumptions;
import io.twt.local.cost.CostInputs;
import io.twt.local.cost.CostModel;
import io.twt.local.cost.CostReport;
import io.twt.local.cost.Estimate;
import io.twt.local.cost.Prices;
import io.twt.local.cost.TemplateDefaults;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code twt cost}: the bill of a deployment before deploying it, each line with the rule it used. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"Prints the bill before deploying: credits/day and $/month for Snowflake, X and AWS, each line with its rule.",
            "Also the median delay from a post to twt_tweet. The defaults are template.yaml's."})
final class CostCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--posts-per-day", required = true, paramLabel = "N", description = "Posts the stream delivers a day.")
    long postsPerDay;

    @Option(names = "--schedule", paramLabel = "RATE", defaultValue = TemplateDefaults.REFRESH_SCHEDULE,
            description = "RefreshSchedule, as rate(N minutes|hours|days). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--compute", paramLabel = "MODE", defaultValue = CostInputs.DEFAULT_COMPUTE,
            description = "How the refresh runs: serverless (a serverless task) or warehouse (TWT_WH). Default: ${DEFAULT-VALUE}.")
    String compute;

    @Option(names = "--warehouse-generation", paramLabel = "1|2", defaultValue = "" + CostInputs.DEFAULT_WAREHOUSE_GENERATION,
            description = "TWT_WH's generation with --compute warehouse: 1, or 2 (1.35 credits/h on AWS). Default: ${DEFAULT-VALUE}.")
    int warehouseGeneration;

    @Option(names = "--credit-price", paramLabel = "USD", defaultValue = "" + Prices.DEFAULT_CREDIT_PRICE_USD,
            description = "USD per Snowflake credit (your edition and region). Default: ${DEFAULT-VALUE}.")
    double creditPrice;

    @Option(names = "--buffer-interval", paramLabel = "S", defaultValue = "" + TemplateDefaults.BUFFER_INTERVAL_SECONDS,
            description = "FirehoseBufferIntervalSeconds, 0 to 900. Default: ${DEFAULT-VALUE}.")
    int bufferInterval;

    @Option(names = "--buffer-size", paramLabel = "MIB", defaultValue = "" + TemplateDefaults.BUFFER_SIZE_MIB,
            description = "FirehoseBufferSizeMiB, 1 to 128. Default: ${DEFAULT-VALUE}.")
    int bufferSize;

    @Option(names = "--post-bytes", paramLabel = "B", defaultValue = "" + Assumptions.POST_BYTES,
            description = "Bytes of one post as the forwarder sends it. Default: ${DEFAULT-VALUE}.")
    int postBytes;

    @Option(names = "--task-seconds", paramLabel = "S", defaultValue = "" + Assumptions.TASK_SECONDS,
            description = "Seconds of XSMALL work per refresh run with new rows (an assumption). Default: ${DEFAULT-VALUE}.")
    int taskSeconds;

    @Option(names = "--forwarder-instance-type", paramLabel = "TYPE", defaultValue = TemplateDefaults.FORWARDER_INSTANCE_TYPE,
            description = "ForwarderInstanceType. Default: ${DEFAULT-VALUE}.")
    String instanceType;

    @Option(names = "--price", paramLabel = "NAME=USD", completionCandidates = PriceNames.class,
            description = "Overrides an AWS price (repeatable). Names: ${COMPLETION-CANDIDATES}.")
    Map<String, String> prices = new LinkedHashMap<>();

    @Option(names = "--json", description = "One JSON document instead of the table.")
    boolean json;

    /** The --price names, for the help. */
    static final class PriceNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return new TreeSet<>(Prices.AWS_DEFAULTS.keySet()).iterator();
        }
    }

    @Override
    public Integer call() {
        CostInputs inputs;
        try {
            inputs = new CostInputs(postsPerDay, schedule, CostInputs.Compute.parse(compute), warehouseGeneration, creditPrice,
                    bufferInterval, bufferSize, postBytes, taskSeconds, instanceType, CostInputs.awsPrices(prices));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Estimate estimate = CostModel.estimate(inputs);
        if (json) {
            spec.commandLine().getOut().println(CostReport.json(estimate, new ObjectMapper()));
        } else {
            spec.commandLine().getOut().print(CostReport.text(estimate));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
