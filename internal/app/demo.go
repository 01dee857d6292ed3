package app

import "github.com/spf13/cobra"

func (c commands) demoCmd() *cobra.Command { return &cobra.Command{Use: "demo"} }
