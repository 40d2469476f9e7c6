from kemi_lod.cli import main

main()
