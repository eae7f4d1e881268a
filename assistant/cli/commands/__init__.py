"""One module per subcommand: `add_parser(sub)` declares it, `run(args)` carries it out."""
