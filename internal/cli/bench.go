package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kopilka/kopilka/internal/bench"
)

func (c commands) benchCmd() *cobra.Command {
	var sizes string
	var o bench.Options
	var apiSeconds int
	cmd := &cobra.Command{
		Use:   "bench [--sizes 1000,10000,50000]",
		Short: "Benchmark import, builds, publishing, the API and page weight on synthetic municipalities; prints a table",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, part := range strings.Split(sizes, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(part))
				if err != nil || n < 10 {
					return c.fail(fmt.Errorf("bench: bad size %q", part))
				}
				o.Sizes = append(o.Sizes, n)
			}
			o.APITime = time.Duration(apiSeconds) * time.Second
			if err := bench.Run(o, c.stdout); err != nil {
				return c.fail(err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&sizes, "sizes", "1000,10000,50000", "numbers of materials (50,000 takes about 13 minutes on 2 cores)")
	cmd.Flags().Uint64Var(&o.Seed, "seed", 1, "seed of the synthetic data")
	cmd.Flags().IntVar(&apiSeconds, "api-seconds", 5, "seconds of load per API endpoint")
	cmd.Flags().StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	cmd.Flags().IntVar(&o.Publishes, "publishes", 10, "publishes in the series through a running serve")
	cmd.Flags().StringVar(&o.ServeBinary, "serve-binary", "", "the kopilka that serves the series (default: this one), e.g. another build to compare with")
	cmd.Flags().BoolVar(&o.PublishOnly, "publish-only", false, "measure only the series of publishes through serve")
	cmd.Flags().StringVar(&o.HugoCLI, "hugo", "", "a hugo command (v0.165.0) to run beside `kopilka build` on the same pages, e.g. one from `go install github.com/gohugoio/hugo@v0.165.0`")
	cmd.Flags().IntVar(&o.CLIRuns, "cli-runs", 3, "runs of each of `kopilka build` and the hugo command, alternately")
	cmd.Flags().StringVar(&o.APIOf, "api-of", "", "measure only the API of this existing data folder (pb_data), e.g. one imported at 50,000 materials")
	return cmd
}
