from levelcheck.cli import main

raise SystemExit(main())
