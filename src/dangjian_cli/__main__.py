from dangjian_cli.cli import main

main()
